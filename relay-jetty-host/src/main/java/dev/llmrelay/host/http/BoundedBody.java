package dev.llmrelay.host.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads a request body whole, refusing one over the limit without reading past it. */
final class BoundedBody {
    private BoundedBody() {
    }

    /**
     * The body, or empty when it is longer than {@code maxBytes}. A declared length is read straight into an array
     * of that size (one copy, no scratch buffer); a body of unknown length grows a buffer as it arrives.
     */
    static Optional<byte[]> read(InputStream in, long declaredLength, long maxBytes) throws IOException {
        if (declaredLength > maxBytes) {
            return Optional.empty();
        }
        if (declaredLength >= 0 && declaredLength < Integer.MAX_VALUE - 8) {
            byte[] body = in.readNBytes((int) declaredLength);
            // The container ends the stream at the declared length; a shorter body is one the client cut off.
            return Optional.of(body);
        }
        var buffer = new ByteArrayOutputStream(1024);
        byte[] chunk = new byte[4096];
        long total = 0;
        int read;
        while ((read = in.read(chunk)) != -1) {
            total += read;
            if (total > maxBytes) {
                return Optional.empty();
            }
            buffer.write(chunk, 0, read);
        }
        return Optional.of(buffer.toByteArray());
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
