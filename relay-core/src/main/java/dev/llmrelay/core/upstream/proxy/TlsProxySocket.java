package dev.llmrelay.core.upstream.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A socket to an {@code https://} proxy: its {@link #connect(SocketAddress, int)} opens TCP to the proxy and
 * completes TLS with it, checking the proxy's certificate for the proxy's host name, all within the connect
 * timeout. OkHttp then speaks HTTP to the proxy over it ({@code CONNECT}, or a request in absolute form), and for an
 * {@code https} upstream layers a second TLS session, the upstream's, inside the first.
 *
 * <p>It wraps rather than extends the {@link SSLSocket}: OkHttp gets sockets from a {@link SocketFactory} before
 * it knows the address, and only a wrapper can turn into a TLS socket at connect time. Socket options go to the
 * TCP socket; streams, shutdown and close to the TLS one.
 */
final class TlsProxySocket extends Socket {
    private final SSLSocketFactory tls;
    private final String proxyHost;
    private final Socket tcp = new Socket(Proxy.NO_PROXY);
    private volatile SSLSocket secured;

    TlsProxySocket(SSLSocketFactory tls, String proxyHost) {
        super(Proxy.NO_PROXY);
        this.tls = tls;
        this.proxyHost = proxyHost;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        long started = System.nanoTime();
        tcp.connect(endpoint, timeout);
        int readTimeout = tcp.getSoTimeout();
        SSLSocket socket = null;
        try {
            socket = (SSLSocket) tls.createSocket(tcp, proxyHost, tcp.getPort(), true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            if (timeout > 0) {
                long left = timeout - (System.nanoTime() - started) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no time was left for TLS with the proxy " + proxyHost);
                }
                tcp.setSoTimeout((int) left);
            }
            socket.startHandshake();
            tcp.setSoTimeout(readTimeout);
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                socket.close();
            }
            tcp.close();
            throw e;
        }
        secured = socket;
    }

    private Socket streams() throws SocketException {
        SSLSocket socket = secured;
        if (socket == null) {
            throw new SocketException("not connected to the proxy");
        }
        return socket;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return streams().getInputStream();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return streams().getOutputStream();
    }

    @Override
    public void close() throws IOException {
        try {
            SSLSocket socket = secured;
            if (socket != null) {
                socket.close();
            }
        } finally {
            tcp.close();
            super.close();
        }
    }

    @Override
    public void shutdownInput() throws IOException {
        streams().shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        streams().shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return secured != null;
    }

    @Override
    public boolean isBound() {
        return tcp.isBound();
    }

    @Override
    public boolean isClosed() {
        return tcp.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        SSLSocket socket = secured;
        return socket == null ? tcp.isInputShutdown() : socket.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        SSLSocket socket = secured;
        return socket == null ? tcp.isOutputShutdown() : socket.isOutputShutdown();
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        tcp.bind(bindpoint);
    }

    @Override
    public InetAddress getInetAddress() {
        return tcp.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return tcp.getLocalAddress();
    }

    @Override
    public int getPort() {
        return tcp.getPort();
    }

    @Override
    public int getLocalPort() {
        return tcp.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return tcp.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return tcp.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return null;
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        tcp.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return tcp.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        tcp.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return tcp.getTcpNoDelay();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        tcp.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return tcp.getKeepAlive();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        tcp.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return tcp.getSoLinger();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        tcp.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return tcp.getSendBufferSize();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        tcp.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return tcp.getReceiveBufferSize();
    }

    @Override
    public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
        tcp.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return tcp.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return tcp.supportedOptions();
    }

    @Override
    public String toString() {
        return "TlsProxySocket[" + proxyHost + ", " + tcp + "]";
    }
}
