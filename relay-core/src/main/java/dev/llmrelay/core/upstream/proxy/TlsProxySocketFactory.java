package dev.llmrelay.core.upstream.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets to an {@code https://} proxy: TLS with the proxy, verified for {@code proxyHost} with the client's own
 * trust ({@code tls}), before OkHttp speaks HTTP to it. OkHttp's {@code Proxy.Type.HTTP} alone would send the
 * {@code Proxy-Authorization} to such a proxy in plain text.
 */
final class TlsProxySocketFactory extends SocketFactory {
    private final SSLSocketFactory tls;
    private final String proxyHost;

    TlsProxySocketFactory(SSLSocketFactory tls, String proxyHost) {
        this.tls = tls;
        this.proxyHost = proxyHost;
    }

    @Override
    public Socket createSocket() {
        return new TlsProxySocket(tls, proxyHost);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
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
}
