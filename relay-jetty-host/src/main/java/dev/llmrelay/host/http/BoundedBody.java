package dev.llmrelay.host.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body whole, refusing one over the size limit without reading past it, and one that comes too
 * slowly: after a second's grace, the body must keep up {@link #MIN_BYTES_PER_SECOND} on average. Jetty's idle
 * timeout ends a client that sends nothing; this ends one that sends a byte now and then, which would otherwise
 * hold its request for as long as it likes.
 */
final class BoundedBody {
    /** The slowest average rate a body may arrive at, from the first read on. */
    static final long MIN_BYTES_PER_SECOND = 1024;
    private static final long GRACE_NANOS = 1_000_000_000L;

    private BoundedBody() {
    }

    /** What reading a body came to. */
    sealed interface Read {
        record Whole(byte[] bytes) implements Read {
        }

        /** Over the size limit. */
        record TooLarge() implements Read {
        }

        /** Slower than {@link #MIN_BYTES_PER_SECOND}. */
        record TooSlow(long bytesSoFar) implements Read {
        }
    }

    /** The body, or why it was refused. */
    static Read read(InputStream in, long declaredLength, long maxBytes) throws IOException {
        if (declaredLength > maxBytes) {
            return new Read.TooLarge();
        }
        int expected = declaredLength > 0 ? (int) declaredLength : 8192;
        var buffer = new ByteArrayOutputStream(expected);
        byte[] chunk = new byte[16384];
        long started = System.nanoTime();
        long total = 0;
        int read;
        while ((read = in.read(chunk)) != -1) {
            total += read;
            if (total > maxBytes) {
                return new Read.TooLarge();
            }
            buffer.write(chunk, 0, read);
            long elapsed = System.nanoTime() - started;
            if (elapsed > GRACE_NANOS && total < MIN_BYTES_PER_SECOND * elapsed / 1_000_000_000L
                    && (declaredLength < 0 || total < declaredLength)) {
                return new Read.TooSlow(total);
            }
        }
        return new Read.Whole(buffer.toByteArray());
    }

    /**
     * Reads and drops what is left of a refused body, at most {@code maxBytes}. Closing a connection on unread bytes
     * resets it, and a client still sending would see that reset instead of the refusal already written.
     */
    static void discardRest(InputStream in, long maxBytes) {
        byte[] chunk = new byte[16384];
        long total = 0;
        try {
            int read;
            while (total < maxBytes && (read = in.read(chunk)) != -1) {
                total += read;
            }
        } catch (IOException clientGone) {
            // nothing left to protect: the client is gone
        }
    }
}
