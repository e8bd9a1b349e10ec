package dev.llmrelay.core.upstream.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Dns;

/**
 * A {@link Dns} that resolves nothing here, so the SOCKS5 proxy resolves the upstream's name ("remote DNS",
 * curl's {@code socks5h}): the lookup happens where the proxy is, which is what a geo-pinned account needs, and
 * this host's resolver never learns which upstreams the account talks to.
 *
 * <p>Why a placeholder address: with {@code Proxy.NO_PROXY}, OkHttp 5's {@code RouteSelector} always asks the
 * {@code Dns} and hands {@link Socks5Socket#connect} an {@link InetSocketAddress} built from the
 * {@link InetAddress} it got; an empty answer fails the call. So {@link #lookup} answers one address that carries
 * the host name: {@link InetAddress#getByAddress(String, byte[])} keeps the name without any lookup, and
 * {@link #hostNameOf} reads it back. The address lies in {@code 100::/64}, the discard-only prefix (RFC 6666),
 * so it can never be mistaken for a real target; its low 64 bits are a hash of the name, because OkHttp coalesces
 * HTTP/2 connections of different hosts whose routes share an address, and through a proxy we do not know
 * whether two hosts share a server. One visible trace: OkHttp's own connect errors name the route, e.g.
 * {@code api.anthropic.com/[100:0:0:0:…]:443}.
 *
 * <p>IP-literal URLs never reach a {@code Dns} (OkHttp parses them), so they go to the proxy as addresses.
 *
 * <p>Use one instance per proxy; identity is its equality. OkHttp's connection pool tells connections apart by
 * their {@code Address}, which includes the {@code Dns} but not the socket factory: a distinct {@code Dns}
 * keeps each proxy's connections, and direct ones, apart in a shared pool.
 */
public final class RemoteDns implements Dns {
    /** {@code 100::/64}: RFC 6666's discard-only prefix, never a destination. */
    private static final byte[] PLACEHOLDER_PREFIX = {0x01, 0x00, 0, 0, 0, 0, 0, 0};

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        Objects.requireNonNull(hostname, "hostname");
        byte[] address = new byte[16];
        System.arraycopy(PLACEHOLDER_PREFIX, 0, address, 0, PLACEHOLDER_PREFIX.length);
        System.arraycopy(sha256(hostname.toLowerCase(Locale.ROOT)), 0, address, 8, 8);
        return List.of(InetAddress.getByAddress(hostname, address));
    }

    /**
     * The host name the proxy should resolve for {@code target}: an unresolved address's name, or the name a
     * placeholder from {@link #lookup} carries. Empty for a real address, which goes to the proxy as it is.
     */
    static Optional<String> hostNameOf(InetSocketAddress target) {
        if (target.isUnresolved() || isPlaceholder(target.getAddress())) {
            return Optional.of(target.getHostString());
        }
        return Optional.empty();
    }

    private static boolean isPlaceholder(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < PLACEHOLDER_PREFIX.length; i++) {
            if (bytes[i] != PLACEHOLDER_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "RemoteDns (the SOCKS5 proxy resolves names)";
    }
}
