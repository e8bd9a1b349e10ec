package dev.llmrelay.core.upstream.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Sockets that connect through one SOCKS5 proxy, with its user name and password when it has them, and without
 * any JVM-wide state ({@code java.net.Authenticator}, {@code socksProxyHost}).
 *
 * <p>Why a socket factory and not {@code Proxy.Type.SOCKS}: for a SOCKS proxy OkHttp opens
 * {@code new Socket(proxy)}, whose only source of credentials is the global {@code java.net.Authenticator}, one
 * for the whole JVM. With {@code Proxy.NO_PROXY} instead, OkHttp calls {@link #createSocket()} and then
 * {@code connect(target, connectTimeout)} on the socket it got; our socket's connect does the SOCKS5 handshake and
 * the {@code CONNECT}. Pair it with a {@link RemoteDns} so that the proxy, not this host, resolves names;
 * {@link OutboundProxy.Socks5#derive} does both.
 */
public final class Socks5SocketFactory extends SocketFactory {
    private final String proxyHost;
    private final int proxyPort;
    private final Optional<ProxyCredentials> credentials;

    public Socks5SocketFactory(String proxyHost, int proxyPort, Optional<ProxyCredentials> credentials) {
        this.proxyHost = Objects.requireNonNull(proxyHost, "proxyHost");
        this.proxyPort = proxyPort;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    /** An unconnected socket; its {@code connect(target, timeout)} goes through the proxy. */
    @Override
    public Socket createSocket() {
        return new Socks5Socket(proxyHost, proxyPort, credentials);
    }

    /** Connected to {@code host} through the proxy, which resolves the name. */
    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    @Override
    public String toString() {
        return "Socks5SocketFactory[" + proxyHost + ":" + proxyPort
                + credentials.map(c -> ", user " + c.username()).orElse("") + "]";
    }
}
