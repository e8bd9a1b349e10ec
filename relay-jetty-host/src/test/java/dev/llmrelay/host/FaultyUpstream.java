package dev.llmrelay.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a raw socket that misbehaves exactly as its {@link Script} says, byte by byte: it reads each
 * request whole, then lets the script answer (or not). It counts the connections the relay still holds open, so
 * a test can prove no upstream call is left behind. A virtual thread per connection, so a thousand are cheap.
 */
final class FaultyUpstream implements AutoCloseable {

    /** What the upstream does with one request, on the connection it came on. */
    @FunctionalInterface
    interface Script {
        void answer(Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;

    FaultyUpstream(Script script) {
        this.script = script;
        try {
            server = new ServerSocket(0, 2048, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofVirtual().name("faulty-upstream").start(this::acceptAll);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections the relay opened and has not closed yet. */
    int openConnections() {
        return open.get();
    }

    int requestCount() {
        return requests.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            if (!readRequest(in)) {
                return;
            }
            requests.incrementAndGet();
            script.answer(socket, socket.getOutputStream());
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            // the relay's side stays open until it closes: wait for that
            while (in.read() != -1) {
                // drain
            }
        } catch (IOException | InterruptedException relayLeftOrReset) {
            // the relay closed or reset its side, or the script reset the connection
        } finally {
            open.decrementAndGet();
        }
    }

    /** Reads one request's head and its Content-Length body; false at the end of the stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        if (b == -1) {
            return false;
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            }
        }
        in.readNBytes((int) length);
        return true;
    }

    /** A status line and headers ending the head, with {@code Connection: close}. */
    static void head(OutputStream out, String statusLine, String... headers) throws IOException {
        var text = new StringBuilder(statusLine).append("\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        text.append("Connection: close\r\n\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ends the connection with a TCP reset instead of an orderly close. */
    static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Blocks until the relay closes its side of the connection. */
    static void waitForTheRelayToLeave(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (in.read() != -1) {
            // nothing is sent; only the end matters
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor.interrupt();
    }
}
