package dev.llmrelay.core.upstream.proxy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A socket whose {@link #connect(SocketAddress, int)} reaches its target through a SOCKS5 proxy: TCP to the proxy,
 * the greeting (RFC 1928), user name and password when the proxy asks for them (RFC 1929), then {@code CONNECT}.
 * Afterwards it is an ordinary connected socket carrying the target's bytes, so OkHttp layers TLS on it as on any
 * other. The handshake reads exactly the bytes of each reply, never the target's first bytes.
 *
 * <p>The connect timeout bounds the TCP connect and the whole handshake together; the read timeout OkHttp set
 * before connecting is restored afterwards. Failures are {@link IOException}s that name the proxy's host and port
 * and, for a refused login, the user name, never the password.
 */
final class Socks5Socket extends Socket {
    private static final int SOCKS_VERSION = 5;
    private static final int AUTH_VERSION = 1;
    private static final int NO_AUTHENTICATION = 0x00;
    private static final int USERNAME_PASSWORD = 0x02;
    private static final int NO_ACCEPTABLE_METHOD = 0xFF;
    private static final int CONNECT = 0x01;
    private static final int IPV4 = 0x01;
    private static final int DOMAIN_NAME = 0x03;
    private static final int IPV6 = 0x04;

    private final String proxyHost;
    private final int proxyPort;
    private final Optional<ProxyCredentials> credentials;

    Socks5Socket(String proxyHost, int proxyPort, Optional<ProxyCredentials> credentials) {
        // NO_PROXY: a plain socket to the proxy itself, never through a JVM-wide socksProxyHost.
        super(Proxy.NO_PROXY);
        this.proxyHost = proxyHost;
        this.proxyPort = proxyPort;
        this.credentials = credentials;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress target)) {
            throw new IllegalArgumentException("a SOCKS5 target is an InetSocketAddress");
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("the connect timeout must not be negative");
        }
        long deadline = timeout == 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
        InetSocketAddress proxyAddress = new InetSocketAddress(proxyHost, proxyPort);
        if (proxyAddress.isUnresolved()) {
            throw new UnknownHostException("the SOCKS5 proxy's host " + proxyHost + " is unknown");
        }
        try {
            super.connect(proxyAddress, timeout);
        } catch (SocketTimeoutException e) {
            throw withCause(new SocketTimeoutException(
                    "could not connect to the SOCKS5 proxy " + proxy() + " within the connect timeout"), e);
        } catch (ConnectException e) {
            throw withCause(new ConnectException("the SOCKS5 proxy " + proxy() + " refused the connection"), e);
        }
        int readTimeout = getSoTimeout();
        try {
            Handshake handshake = new Handshake(getInputStream(), getOutputStream(), deadline, readTimeout);
            handshake.negotiate();
            handshake.connect(target);
            setSoTimeout(readTimeout);
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException ignored) {
            // The handshake's failure is the one worth reporting.
        }
    }

    private String proxy() {
        return proxyHost + ":" + proxyPort;
    }

    private static <T extends IOException> T withCause(T exception, Throwable cause) {
        exception.initCause(cause);
        return exception;
    }

    /** One handshake's I/O: each read waits at most until the connect deadline. */
    private final class Handshake {
        private final InputStream in;
        private final OutputStream out;
        private final long deadline;
        private final int readTimeout;

        Handshake(InputStream in, OutputStream out, long deadline, int readTimeout) {
            this.in = in;
            this.out = out;
            this.deadline = deadline;
            this.readTimeout = readTimeout;
        }

        /** Greeting and, when the proxy picks it, the user name and password. */
        void negotiate() throws IOException {
            byte[] methods = credentials.isPresent()
                    ? new byte[] {NO_AUTHENTICATION, USERNAME_PASSWORD}
                    : new byte[] {NO_AUTHENTICATION};
            var greeting = new ByteArrayOutputStream();
            greeting.write(SOCKS_VERSION);
            greeting.write(methods.length);
            greeting.writeBytes(methods);
            send(greeting.toByteArray());

            byte[] choice = read(2);
            requireSocksVersion(choice[0]);
            int method = choice[1] & 0xFF;
            if (method == NO_AUTHENTICATION) {
                return;
            }
            if (method == USERNAME_PASSWORD && credentials.isPresent()) {
                authenticate(credentials.get());
                return;
            }
            if (method == NO_ACCEPTABLE_METHOD) {
                throw new IOException("the SOCKS5 proxy " + proxy() + " accepts none of the offered authentication "
                        + "methods (" + (credentials.isPresent()
                                ? "none, user name and password)"
                                : "none; give the proxy URL user:password@ if it needs a login)"));
            }
            throw new ProtocolException("the SOCKS5 proxy " + proxy() + " chose authentication method "
                    + method + ", which was not offered");
        }

        private void authenticate(ProxyCredentials login) throws IOException {
            byte[] user = login.username().getBytes(StandardCharsets.UTF_8);
            byte[] password = login.revealPassword().getBytes(StandardCharsets.UTF_8);
            byte[] request = new byte[3 + user.length + password.length];
            try {
                request[0] = AUTH_VERSION;
                request[1] = (byte) user.length;
                System.arraycopy(user, 0, request, 2, user.length);
                request[2 + user.length] = (byte) password.length;
                System.arraycopy(password, 0, request, 3 + user.length, password.length);
                send(request);
            } finally {
                Arrays.fill(password, (byte) 0);
                Arrays.fill(request, (byte) 0);
            }
            byte[] status = read(2);
            if (status[1] != 0) {
                throw new IOException("SOCKS5 proxy refused the credentials (user " + login.username()
                        + " at " + proxy() + ")");
            }
        }

        /** {@code CONNECT} to the target, by name when the proxy is to resolve it, else by address. */
        void connect(InetSocketAddress target) throws IOException {
            var request = new ByteArrayOutputStream();
            request.write(SOCKS_VERSION);
            request.write(CONNECT);
            request.write(0);
            Optional<String> name = RemoteDns.hostNameOf(target);
            String targetText;
            if (name.isPresent()) {
                byte[] bytes = name.get().getBytes(StandardCharsets.US_ASCII);
                if (bytes.length == 0 || bytes.length > 255) {
                    throw new UnknownHostException("a SOCKS5 target name is 1 to 255 characters: " + name.get());
                }
                request.write(DOMAIN_NAME);
                request.write(bytes.length);
                request.writeBytes(bytes);
                targetText = name.get() + ":" + target.getPort();
            } else {
                InetAddress address = target.getAddress();
                request.write(address instanceof Inet4Address ? IPV4 : IPV6);
                request.writeBytes(address.getAddress());
                targetText = address.getHostAddress() + ":" + target.getPort();
            }
            request.write(target.getPort() >>> 8);
            request.write(target.getPort() & 0xFF);
            send(request.toByteArray());

            byte[] reply = read(4);
            requireSocksVersion(reply[0]);
            int status = reply[1] & 0xFF;
            if (status != 0) {
                throw refusal(status, targetText);
            }
            skipBoundAddress(reply[3] & 0xFF);
        }

        /** The address the proxy bound for us: read and dropped, so the target's bytes start clean. */
        private void skipBoundAddress(int addressType) throws IOException {
            int length = switch (addressType) {
                case IPV4 -> 4;
                case IPV6 -> 16;
                case DOMAIN_NAME -> read(1)[0] & 0xFF;
                default -> throw new ProtocolException(
                        "the SOCKS5 proxy " + proxy() + " answered with address type " + addressType);
            };
            read(length + 2);
        }

        private IOException refusal(int status, String target) {
            String prefix = "the SOCKS5 proxy " + proxy() + " could not connect to " + target + ": ";
            String suffix = " (SOCKS5 reply " + status + ")";
            return switch (status) {
                case 1 -> new IOException(prefix + "general failure" + suffix);
                case 2 -> new IOException(prefix + "not allowed by its rules" + suffix);
                case 3 -> new NoRouteToHostException(prefix + "network unreachable" + suffix);
                case 4 -> new NoRouteToHostException(prefix + "host unreachable" + suffix);
                case 5 -> new ConnectException(prefix + "connection refused" + suffix);
                case 6 -> new SocketTimeoutException(prefix + "TTL expired" + suffix);
                case 7 -> new ProtocolException(prefix + "CONNECT not supported" + suffix);
                case 8 -> new ProtocolException(prefix + "address type not supported" + suffix);
                default -> new ProtocolException(prefix + "unknown reply" + suffix);
            };
        }

        private void requireSocksVersion(byte version) throws ProtocolException {
            if (version != SOCKS_VERSION) {
                throw new ProtocolException("the proxy at " + proxy() + " does not speak SOCKS5 (it answered "
                        + "version " + (version & 0xFF) + ")");
            }
        }

        private void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        private byte[] read(int count) throws IOException {
            byte[] bytes = new byte[count];
            int filled = 0;
            while (filled < count) {
                setSoTimeout(remainingMillis());
                int n;
                try {
                    n = in.read(bytes, filled, count - filled);
                } catch (SocketTimeoutException e) {
                    throw timedOut(e);
                }
                if (n < 0) {
                    throw new EOFException("the SOCKS5 proxy " + proxy() + " closed the connection during its "
                            + "handshake");
                }
                filled += n;
            }
            return bytes;
        }

        private int remainingMillis() throws SocketTimeoutException {
            if (deadline == 0) {
                return readTimeout;
            }
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                throw timedOut(null);
            }
            return (int) Math.min(Integer.MAX_VALUE, remaining);
        }

        private SocketTimeoutException timedOut(SocketTimeoutException cause) {
            var timeout = new SocketTimeoutException("the SOCKS5 proxy " + proxy()
                    + " did not complete its handshake within the " + (deadline == 0 ? "read" : "connect")
                    + " timeout");
            if (cause != null) {
                timeout.initCause(cause);
            }
            return timeout;
        }
    }
}
