package dev.llmrelay.core.upstream.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * A small HTTP proxy on loopback that requires {@code Proxy-Authorization: Basic}: {@code CONNECT} tunnels, and
 * requests in absolute form, which it forwards with {@code Connection: close} and without the proxy's headers. A
 * request without the right credential gets {@code 407} with {@code Connection: close}. Optionally it listens with
 * TLS, as an {@code https://} proxy. It records every request it read.
 *
 * <p>Bounded and self-stopping like {@link TestSocks5Proxy}: a connection cap, idle timeouts on every socket, an
 * accept loop with a lifetime, and {@link #close()}.
 */
public final class TestHttpProxy implements AutoCloseable {
    /** A request the proxy read: its request line and the {@code Proxy-Authorization} it carried. */
    public record Seen(String requestLine, Optional<String> proxyAuthorization, boolean allowed) {
        public boolean isConnect() {
            return requestLine.startsWith("CONNECT ");
        }
    }

    private final String expectedAuthorization;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private TestHttpProxy(String user, String password, Optional<SSLServerSocketFactory> tls) throws IOException {
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.server = tls.isPresent()
                ? tls.get().createServerSocket(0, 50, loopback)
                : new ServerSocket(0, 50, loopback);
        Thread.ofVirtual().name("test-http-proxy-accept").start(this::acceptLoop);
    }

    public static TestHttpProxy requiringLogin(String user, String password) throws IOException {
        return new TestHttpProxy(user, password, Optional.empty());
    }

    /** An {@code https://} proxy: TLS with {@code tls}'s certificate, then the same HTTP. */
    public static TestHttpProxy overTls(TestTls tls, String user, String password) throws IOException {
        return new TestHttpProxy(user, password, Optional.of(tls.serverSocketFactory()));
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public long refused() {
        return seen.stream().filter(s -> !s.allowed()).count();
    }

    private void acceptLoop() {
        long stopAt = System.currentTimeMillis() + TestSocks5Proxy.LIFETIME_MILLIS;
        try {
            server.setSoTimeout(1_000);
            while (!server.isClosed() && System.currentTimeMillis() < stopAt) {
                Socket client;
                try {
                    client = server.accept();
                } catch (SocketTimeoutException idle) {
                    continue;
                }
                if (connections.incrementAndGet() > TestSocks5Proxy.MAX_CONNECTIONS) {
                    client.close();
                    continue;
                }
                open.add(client);
                Thread.ofVirtual().name("test-http-proxy-conn").start(() -> serve(client));
            }
        } catch (IOException closed) {
            // close() was called
        } finally {
            close();
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        try {
            client.setSoTimeout(TestSocks5Proxy.IDLE_MILLIS);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String requestLine = head.get(0);
            Optional<String> authorization = header(head, "proxy-authorization");
            boolean allowed = authorization.filter(expectedAuthorization::equals).isPresent();
            seen.add(new Seen(requestLine, authorization, allowed));
            String[] parts = requestLine.split(" ");
            if (!allowed) {
                in.readNBytes(header(head, "content-length").map(Integer::parseInt).orElse(0));
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            if (parts[0].equals("CONNECT")) {
                int colon = parts[1].lastIndexOf(':');
                upstream = connect(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)));
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } else {
                URI target = URI.create(parts[1]);
                upstream = connect(target.getHost(), target.getPort());
                var forwarded = new StringBuilder(parts[0] + " " + target.getRawPath()
                        + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()) + " " + parts[2] + "\r\n");
                for (String line : head.subList(1, head.size())) {
                    String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
                    if (!name.startsWith("proxy-") && !name.equals("connection")) {
                        forwarded.append(line).append("\r\n");
                    }
                }
                forwarded.append("Connection: close\r\n\r\n");
                upstream.getOutputStream().write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
            }
            open.add(upstream);
            Socket target = upstream;
            Thread.ofVirtual().name("test-http-proxy-up").start(() -> pump(client, target));
            pump(target, client);
        } catch (IOException | RuntimeException e) {
            // the client or upstream went away, or sent something this proxy does not handle
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** The request line and header lines, read byte by byte so that no body byte is taken. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        var line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    private static Optional<String> header(List<String> head, String name) {
        return head.stream().skip(1)
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst();
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(TestSocks5Proxy.IDLE_MILLIS);
        return socket;
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed or idled out
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(TestHttpProxy::closeQuietly);
    }
}
