package dev.llmrelay.core.upstream.proxy;

import dev.llmrelay.api.Secret;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * An account's outbound proxy, parsed from its URL: {@code http://}, {@code https://} (TLS to the proxy itself) or
 * {@code socks5://}, each with an optional {@code user:password@}. {@link #derive} turns it into an OkHttp client
 * that shares the base client's connection pool and dispatcher.
 *
 * <p>Nothing here is JVM-wide: no {@code java.net.Authenticator}, no system properties. Each derived client carries
 * its own credentials, so two accounts may use one proxy host with different logins.
 */
public sealed interface OutboundProxy {

    String host();

    int port();

    Optional<ProxyCredentials> credentials();

    /**
     * A client like {@code base} (same pool, dispatcher, timeouts) whose connections go through this proxy. Its
     * pooled connections are never handed to {@code base} or to another proxy's client (see {@link RemoteDns}
     * and {@code HttpProxyAuthenticator} for how).
     */
    OkHttpClient derive(OkHttpClient base);

    /**
     * An HTTP proxy: {@code CONNECT} tunnels for {@code https} upstreams, absolute-form requests for {@code http}
     * ones. {@code Proxy-Authorization: Basic} goes with each {@code CONNECT} and answers a {@code 407} once.
     *
     * @param tls {@code https://}: TLS to the proxy, its certificate checked with the base client's trust
     */
    record Http(String host, int port, boolean tls, Optional<ProxyCredentials> credentials) implements OutboundProxy {
        public Http {
            requireEndpoint(host, port);
            Objects.requireNonNull(credentials, "credentials");
        }

        @Override
        public OkHttpClient derive(OkHttpClient base) {
            var builder = base.newBuilder()
                    .proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)))
                    .proxyAuthenticator(new HttpProxyAuthenticator(credentials));
            if (tls) {
                builder.socketFactory(new TlsProxySocketFactory(base.sslSocketFactory(), host));
            }
            return builder.build();
        }
    }

    /**
     * A SOCKS5 proxy (RFC 1928, with RFC 1929 user name and password). Names are resolved by the proxy
     * ({@link RemoteDns}); the proxy's own host name is resolved here, at each connect.
     */
    record Socks5(String host, int port, Optional<ProxyCredentials> credentials) implements OutboundProxy {
        public Socks5 {
            requireEndpoint(host, port);
            Objects.requireNonNull(credentials, "credentials");
            credentials.ifPresent(login -> {
                if (login.username().getBytes(StandardCharsets.UTF_8).length > 255
                        || login.revealPassword().getBytes(StandardCharsets.UTF_8).length > 255) {
                    throw new IllegalArgumentException("a SOCKS5 user name and password are at most 255 bytes each");
                }
            });
        }

        @Override
        public OkHttpClient derive(OkHttpClient base) {
            return base.newBuilder()
                    .proxy(Proxy.NO_PROXY)
                    .socketFactory(new Socks5SocketFactory(host, port, credentials))
                    .dns(new RemoteDns())
                    .build();
        }
    }

    /** The port a proxy URL without one means: 8080 for {@code http}, 443 for {@code https}, 1080 for SOCKS5. */
    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 8080;
            case "https" -> 443;
            default -> 1080;
        };
    }

    /**
     * Parses a proxy URL such as {@code socks5://user:pass@10.0.0.2:1080}. The user name and password are
     * percent-decoded ({@code %40} for {@code @}, {@code %3A} for {@code :}). Any other scheme, or a URL without a
     * host, is an {@link IllegalArgumentException} whose message never repeats the URL, which may hold a password.
     */
    static OutboundProxy parse(Secret url) {
        URI uri;
        try {
            uri = new URI(url.reveal().strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the proxy URL is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("socks5")) {
            throw new IllegalArgumentException("a proxy URL starts with http://, https:// or socks5://");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(
                    "the proxy URL has no host (write an @ in the user name or password as %40)");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
        Optional<ProxyCredentials> credentials = credentials(uri.getRawUserInfo());
        return switch (scheme) {
            case "socks5" -> new Socks5(host, port, credentials);
            case "https" -> new Http(host, port, true, credentials);
            default -> new Http(host, port, false, credentials);
        };
    }

    private static Optional<ProxyCredentials> credentials(String rawUserInfo) {
        if (rawUserInfo == null) {
            return Optional.empty();
        }
        int colon = rawUserInfo.indexOf(':');
        String user = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(rawUserInfo.substring(colon + 1));
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the proxy URL has a password but no user name");
        }
        return Optional.of(new ProxyCredentials(user,
                password.isEmpty() ? Optional.empty() : Optional.of(Secret.of(password))));
    }

    /** Percent-decoding as in a URL's user info, where {@code +} is a plus, not a space. */
    private static String decode(String part) {
        try {
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the proxy URL's user name or password has a broken %-escape");
        }
    }

    private static void requireEndpoint(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("a proxy needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a proxy port is 1 to 65535");
        }
    }
}
