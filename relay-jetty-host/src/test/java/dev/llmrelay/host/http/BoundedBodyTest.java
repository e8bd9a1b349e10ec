package dev.llmrelay.host.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {
    private static final byte[] BODY = randomBytes(100_000);

    @Test
    void aDeclaredBodyIsReadWholeHoweverItsBytesArrive() throws IOException {
        var read = BoundedBody.read(new Dribble(BODY, 7), BODY.length, 1 << 20);

        assertArrayEquals(BODY, assertInstanceOf(BoundedBody.Read.Whole.class, read).bytes());
    }

    @Test
    void aChunkedBodyIsReadWholeAcrossBufferGrowth() throws IOException {
        var read = BoundedBody.read(new Dribble(BODY, 5000), -1, 1 << 20);

        assertArrayEquals(BODY, assertInstanceOf(BoundedBody.Read.Whole.class, read).bytes());
    }

    @Test
    void anEmptyBodyIsEmpty() throws IOException {
        assertEquals(0, ((BoundedBody.Read.Whole) BoundedBody.read(InputStream.nullInputStream(), 0, 10)).bytes().length);
        assertEquals(0, ((BoundedBody.Read.Whole) BoundedBody.read(InputStream.nullInputStream(), -1, 10)).bytes().length);
    }

    @Test
    void aBodyExactlyAtTheLimitIsTaken() throws IOException {
        assertInstanceOf(BoundedBody.Read.Whole.class, BoundedBody.read(new ByteArrayInputStream(BODY), BODY.length, BODY.length));
        assertInstanceOf(BoundedBody.Read.Whole.class, BoundedBody.read(new ByteArrayInputStream(BODY), -1, BODY.length));
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeAnyRead() throws IOException {
        var untouched = new Dribble(BODY, 1);

        assertInstanceOf(BoundedBody.Read.TooLarge.class, BoundedBody.read(untouched, BODY.length, BODY.length - 1));
        assertEquals(0, untouched.delivered);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWithoutReadingFarPastIt() throws IOException {
        var stream = new Dribble(BODY, 1000);

        assertInstanceOf(BoundedBody.Read.TooLarge.class, BoundedBody.read(stream, -1, 20_000));
        assertEquals(20_001, stream.delivered, "one byte past the limit, and no more");
    }

    @Test
    void aBodyThatEndsBeforeItsDeclaredLengthIsWhatCame() throws IOException {
        var read = BoundedBody.read(new ByteArrayInputStream(BODY, 0, 10), 50, 100);

        assertArrayEquals(Arrays.copyOf(BODY, 10), assertInstanceOf(BoundedBody.Read.Whole.class, read).bytes());
    }

    @Test
    void aBodyTricklingBelowTheLeastRateIsCutOffAfterTheGrace() throws IOException {
        var trickle = new Dribble(BODY, 1) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return super.read(b, off, len);
            }
        };

        var read = BoundedBody.read(trickle, BODY.length, 1 << 20);

        long soFar = assertInstanceOf(BoundedBody.Read.TooSlow.class, read).bytesSoFar();
        assertEquals(trickle.delivered, soFar);
    }

    /** Hands out at most {@code step} bytes per read, counting what it delivered. */
    private static class Dribble extends FilterInputStream {
        private final int step;
        int delivered;

        Dribble(byte[] bytes, int step) {
            super(new ByteArrayInputStream(bytes));
            this.step = step;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int read = super.read(b, off, Math.min(len, step));
            if (read > 0) {
                delivered += read;
            }
            return read;
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
