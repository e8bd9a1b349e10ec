package dev.llmrelay.host.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body whole, refusing one over the size limit without reading past it, and one that comes too
 * slowly: after a second's grace, the body must keep up {@link #MIN_BYTES_PER_SECOND} on average. Jetty's idle
 * timeout ends a client that sends nothing; this ends one that sends a byte now and then, which would otherwise
 * hold its request for as long as it likes.
 *
 * <p>A body of declared length is read straight into one array of that length: no chunk, no copy.
 */
final class BoundedBody {
    /** The slowest average rate a body may arrive at, from the first read on. */
    static final long MIN_BYTES_PER_SECOND = 1024;
    private static final long GRACE_NANOS = 1_000_000_000L;
    private static final int FIRST_CHUNKED_BUFFER = 8192;
    /** The largest array a JVM reliably allocates. */
    private static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;

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

    /**
     * The body, or why it was refused.
     *
     * @param declaredLength the request's {@code Content-Length}, or -1 when it has none (chunked)
     */
    static Read read(InputStream in, long declaredLength, long maxBytes) throws IOException {
        long limit = Math.min(maxBytes, LARGEST_ARRAY - 1);
        if (declaredLength > limit) {
            return new Read.TooLarge();
        }
        return declaredLength >= 0 ? readDeclared(in, (int) declaredLength) : readChunked(in, limit);
    }

    private static Read readDeclared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        long started = System.nanoTime();
        int total = 0;
        while (total < length) {
            int read = in.read(body, total, length - total);
            if (read == -1) {
                return new Read.Whole(Arrays.copyOf(body, total));
            }
            total += read;
            if (total < length && tooSlow(started, total)) {
                return new Read.TooSlow(total);
            }
        }
        return new Read.Whole(body);
    }

    private static Read readChunked(InputStream in, long maxBytes) throws IOException {
        byte[] buffer = new byte[(int) Math.min(FIRST_CHUNKED_BUFFER, maxBytes + 1)];
        long started = System.nanoTime();
        int total = 0;
        while (true) {
            if (total == buffer.length) {
                // one byte past the limit is enough to know the body is over it
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxBytes + 1));
            }
            int read = in.read(buffer, total, buffer.length - total);
            if (read == -1) {
                return new Read.Whole(Arrays.copyOf(buffer, total));
            }
            total += read;
            if (total > maxBytes) {
                return new Read.TooLarge();
            }
            if (tooSlow(started, total)) {
                return new Read.TooSlow(total);
            }
        }
    }

    private static boolean tooSlow(long startedNanos, long bytesSoFar) {
        long elapsed = System.nanoTime() - startedNanos;
        return elapsed > GRACE_NANOS && bytesSoFar < MIN_BYTES_PER_SECOND * elapsed / 1_000_000_000L;
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
