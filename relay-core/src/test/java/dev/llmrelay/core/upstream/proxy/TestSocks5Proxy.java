package dev.llmrelay.core.upstream.proxy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SOCKS5 server on loopback (RFC 1928 {@code CONNECT}, RFC 1929 login) that records what it saw: each
 * connection, each login it accepted or refused, and each target as the client named it. It resolves target
 * names itself, as a real proxy does for remote DNS.
 *
 * <p>Bounded and self-stopping: at most {@value #MAX_CONNECTIONS} connections, every socket times out after
 * {@value #IDLE_MILLIS} ms without traffic, the accept loop ends after {@value #LIFETIME_MILLIS} ms, and
 * {@link #close()} closes everything.
 */
public final class TestSocks5Proxy implements AutoCloseable {
    static final int MAX_CONNECTIONS = 64;
    static final int IDLE_MILLIS = 10_000;
    static final int LIFETIME_MILLIS = 60_000;

    /** A target as the client sent it: {@code addressType} 1 (IPv4), 3 (domain name) or 4 (IPv6). */
    public record Target(int addressType, String host, int port) {
    }

    private final Optional<String> user;
    private final Optional<String> password;
    private final boolean silent;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger acceptedLogins = new AtomicInteger();
    private final AtomicInteger refusedLogins = new AtomicInteger();
    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final Map<String, InetAddress> hosts = new ConcurrentHashMap<>();

    private TestSocks5Proxy(Optional<String> user, Optional<String> password, boolean silent) throws IOException {
        this.user = user;
        this.password = password;
        this.silent = silent;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("test-socks5-accept").start(this::acceptLoop);
    }

    /** A proxy that requires this user name and password. */
    public static TestSocks5Proxy requiringLogin(String user, String password) throws IOException {
        return new TestSocks5Proxy(Optional.of(user), Optional.of(password), false);
    }

    /** A proxy that takes anyone. */
    public static TestSocks5Proxy open() throws IOException {
        return new TestSocks5Proxy(Optional.empty(), Optional.empty(), false);
    }

    /** A proxy that accepts TCP connections and never says a word. */
    public static TestSocks5Proxy silent() throws IOException {
        return new TestSocks5Proxy(Optional.empty(), Optional.empty(), true);
    }

    /** Resolves {@code name} to {@code address} at the proxy only, like a name only the proxy's DNS knows. */
    public TestSocks5Proxy resolving(String name, InetAddress address) {
        hosts.put(name, address);
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code socks5://[user:password@]127.0.0.1:port}. */
    public String url(String userInfo) {
        return "socks5://" + (userInfo.isEmpty() ? "" : userInfo + "@") + "127.0.0.1:" + port();
    }

    public int connections() {
        return connections.get();
    }

    public int acceptedLogins() {
        return acceptedLogins.get();
    }

    public int refusedLogins() {
        return refusedLogins.get();
    }

    public List<Target> targets() {
        return List.copyOf(targets);
    }

    private void acceptLoop() {
        long stopAt = System.currentTimeMillis() + LIFETIME_MILLIS;
        try {
            server.setSoTimeout(1_000);
            while (!server.isClosed() && System.currentTimeMillis() < stopAt) {
                Socket client;
                try {
                    client = server.accept();
                } catch (SocketTimeoutException idle) {
                    continue;
                }
                if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                    client.close();
                    continue;
                }
                open.add(client);
                Thread.ofVirtual().name("test-socks5-conn").start(() -> serve(client));
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
            client.setSoTimeout(IDLE_MILLIS);
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (silent) {
                while (in.read() >= 0) {
                    // swallow the greeting, answer nothing, until the client gives up or the idle timeout
                }
                return;
            }
            if (in.readUnsignedByte() != 5) {
                return;
            }
            byte[] methods = in.readNBytes(in.readUnsignedByte());
            if (!login(in, out, methods)) {
                return;
            }
            if (in.readUnsignedByte() != 5 || in.readUnsignedByte() != 1) {
                return;
            }
            in.readUnsignedByte();
            int addressType = in.readUnsignedByte();
            String host = switch (addressType) {
                case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                default -> throw new IOException("address type " + addressType);
            };
            int port = in.readUnsignedShort();
            targets.add(new Target(addressType, host, port));
            upstream = connect(host, port);
            if (upstream == null) {
                out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            open.add(upstream);
            out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
            out.flush();
            Socket target = upstream;
            Thread.ofVirtual().name("test-socks5-up").start(() -> pump(client, target));
            pump(target, client);
        } catch (IOException e) {
            // the client or upstream went away
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private boolean login(DataInputStream in, OutputStream out, byte[] methods) throws IOException {
        if (user.isEmpty()) {
            out.write(new byte[] {5, 0});
            return true;
        }
        boolean offered = false;
        for (byte method : methods) {
            offered |= method == 2;
        }
        if (!offered) {
            out.write(new byte[] {5, (byte) 0xFF});
            return false;
        }
        out.write(new byte[] {5, 2});
        in.readUnsignedByte();
        String givenUser = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
        String givenPassword = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
        boolean ok = givenUser.equals(user.get()) && givenPassword.equals(password.orElseThrow());
        // counted before the answer goes out, so a client that has the answer also sees the count
        (ok ? acceptedLogins : refusedLogins).incrementAndGet();
        out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
        return ok;
    }

    /** The proxy's own name resolution: its extra names, else each address of {@code host} in turn. */
    private Socket connect(String host, int port) {
        try {
            InetAddress known = hosts.get(host);
            for (InetAddress address : known != null ? new InetAddress[] {known} : InetAddress.getAllByName(host)) {
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(address, port), 5_000);
                    socket.setSoTimeout(IDLE_MILLIS);
                    return socket;
                } catch (IOException refused) {
                    socket.close();
                }
            }
        } catch (IOException unknown) {
            // answered as refused
        }
        return null;
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
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
        open.forEach(TestSocks5Proxy::closeQuietly);
    }
}
