package dev.llmrelay.bench.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection of the load generator, on a plain blocking socket (one virtual thread
 * each): writes a prepared request, reads the answer (by {@code Content-Length}, chunked, or to the close),
 * and hands each server-sent event to a listener with the time its last byte arrived. It parses in place,
 * so the client's own cost per request is small next to what it measures.
 */
public final class BenchConnection implements AutoCloseable {

    /** Receives each {@code text/event-stream} event of an answer as it completes. */
    @FunctionalInterface
    public interface EventListener {
        /** {@code event[0..length)} is the event's text (truncated past the scanner's capacity). */
        void onEvent(long arrivalNanos, byte[] event, int length);
    }

    /** What one answer was: its status, body size, and whether the connection may carry another request. */
    public record Answer(int status, long bodyBytes, boolean keepAlive) {
    }

    private static final int MAX_EVENT_BYTES = 16 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer;
    private int position;
    private int limit;
    private long lastArrivalNanos;
    private long bytesRead;
    private final byte[] line = new byte[1024];

    private byte[] event = new byte[256];
    private int eventLength;
    private boolean lastByteEndedLine;

    private BenchConnection(Socket socket, int bufferBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.buffer = new byte[bufferBytes];
    }

    /** Connects to {@code target} with a read buffer of {@code bufferBytes}. */
    public static BenchConnection open(Target target, int bufferBytes) throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.host(), target.port()), 10_000);
            return new BenchConnection(socket, bufferBytes);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code request} and reads its whole answer; {@code events} may be null for a whole answer. */
    public Answer exchange(byte[] request, EventListener events) throws IOException {
        send(request);
        return readAnswer(events);
    }

    public void send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
    }

    /** Reads the status line and headers of the next answer, then its body. */
    public Answer readAnswer(EventListener events) throws IOException {
        Head head = readHead();
        long bodyBytes;
        if (head.chunked) {
            bodyBytes = readChunked(events);
        } else if (head.contentLength >= 0) {
            bodyBytes = consume(head.contentLength, events, false);
        } else {
            bodyBytes = consume(Long.MAX_VALUE, events, true);
        }
        return new Answer(head.status, bodyBytes, head.keepAlive && (head.chunked || head.contentLength >= 0));
    }

    /** Reads only the status line and headers; the body is left unread (for a reader that stalls). */
    public int readStatus() throws IOException {
        return readHead().status;
    }

    /** Every byte read from the socket so far. */
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that failed already
        }
    }

    private record Head(int status, long contentLength, boolean chunked, boolean keepAlive) {
    }

    private Head readHead() throws IOException {
        int length = readLine();
        if (length < 12 || line[0] != 'H') {
            throw new IOException("not an HTTP status line");
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        boolean keepAlive = true;
        while ((length = readLine()) > 0) {
            if (startsWith(length, "content-length:")) {
                contentLength = Long.parseLong(valueOf(length, "content-length:".length()));
            } else if (startsWith(length, "transfer-encoding:")) {
                chunked = valueOf(length, "transfer-encoding:".length()).equalsIgnoreCase("chunked");
            } else if (startsWith(length, "connection:")) {
                keepAlive = !valueOf(length, "connection:".length()).equalsIgnoreCase("close");
            }
        }
        return new Head(status, contentLength, chunked, keepAlive);
    }

    private long readChunked(EventListener events) throws IOException {
        long total = 0;
        while (true) {
            int length = readLine();
            long size = 0;
            for (int i = 0; i < length; i++) {
                int digit = Character.digit(line[i], 16);
                if (digit < 0) {
                    break;
                }
                size = size * 16 + digit;
            }
            if (size == 0) {
                while (readLine() > 0) {
                    // trailers
                }
                return total;
            }
            total += consume(size, events, false);
            readLine();
        }
    }

    /** Reads {@code count} body bytes, scanning them for events when there is a listener. */
    private long consume(long count, EventListener events, boolean toEnd) throws IOException {
        long remaining = count;
        long taken = 0;
        while (remaining > 0) {
            if (position == limit && !fill()) {
                if (toEnd) {
                    return taken;
                }
                throw new EOFException("the connection closed inside a body");
            }
            int take = (int) Math.min(remaining, limit - position);
            if (events != null) {
                scan(position, position + take, events);
            }
            position += take;
            remaining -= take;
            taken += take;
        }
        return taken;
    }

    private void scan(int from, int to, EventListener events) {
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b == '\r') {
                continue;
            }
            if (eventLength < MAX_EVENT_BYTES) {
                if (eventLength == event.length) {
                    event = Arrays.copyOf(event, Math.min(MAX_EVENT_BYTES, event.length * 2));
                }
                event[eventLength++] = b;
            }
            if (b == '\n' && lastByteEndedLine) {
                events.onEvent(lastArrivalNanos, event, eventLength);
                eventLength = 0;
                lastByteEndedLine = false;
            } else {
                lastByteEndedLine = b == '\n';
            }
        }
    }

    /** Reads one CRLF-ended line into {@link #line}, answering its length without the line end. */
    private int readLine() throws IOException {
        int length = 0;
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection closed inside a head");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            }
            if (length < line.length) {
                line[length++] = b;
            }
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        lastArrivalNanos = System.nanoTime();
        bytesRead += read;
        position = 0;
        limit = read;
        return true;
    }

    private boolean startsWith(int length, String lowerCasePrefix) {
        if (length < lowerCasePrefix.length()) {
            return false;
        }
        for (int i = 0; i < lowerCasePrefix.length(); i++) {
            if (Character.toLowerCase(line[i]) != lowerCasePrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String valueOf(int length, int from) {
        return new String(line, from, length - from, StandardCharsets.US_ASCII).strip();
    }

    /**
     * The mock's {@code "t":<nanos>} stamp in an event (its last one), or {@link #NO_STAMP}: when the mock wrote the event,
     * on the same monotonic clock as {@link System#nanoTime()}.
     */
    public static long stampOf(byte[] event, int length) {
        for (int i = length - 5; i >= 0; i--) {
            if (event[i] == '"' && event[i + 1] == 't' && event[i + 2] == '"' && event[i + 3] == ':') {
                long value = 0;
                int j = i + 4;
                boolean negative = j < length && event[j] == '-';
                if (negative) {
                    j++;
                }
                while (j < length && event[j] >= '0' && event[j] <= '9') {
                    value = value * 10 + (event[j++] - '0');
                }
                return negative ? -value : value;
            }
        }
        return NO_STAMP;
    }

    /** What {@link #stampOf} answers for an event without a stamp. */
    public static final long NO_STAMP = Long.MIN_VALUE;
}
