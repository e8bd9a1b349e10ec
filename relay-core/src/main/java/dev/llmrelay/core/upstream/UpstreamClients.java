package dev.llmrelay.core.upstream;

import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients upstream calls go through: one shared client (one connection pool), and a derived one
 * per outbound proxy, sharing its pool and dispatcher. Streams have no overall timeout, only an idle one
 * between reads; redirects are not followed, so a credential never goes to another host.
 */
public final class UpstreamClients {
    private final OkHttpClient direct;
    private final Map<Secret, OkHttpClient> byProxy = new ConcurrentHashMap<>();

    public UpstreamClients(OkHttpClient direct) {
        this.direct = Objects.requireNonNull(direct, "direct");
    }

    /** A client tuned for relaying: generous pool, connect timeout, idle read timeout, no redirects. */
    public static UpstreamClients withDefaults(Duration connectTimeout, Duration idleTimeout) {
        return new UpstreamClients(new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
                .connectTimeout(connectTimeout)
                .readTimeout(idleTimeout)
                .writeTimeout(idleTimeout)
                .callTimeout(Duration.ZERO)
                .followRedirects(false)
                .followSslRedirects(false)
                .build());
    }

    /** The client for {@code account}'s proxy, or the shared one. */
    public OkHttpClient forAccount(Account account) {
        Optional<Secret> proxy = account.proxy();
        if (proxy.isEmpty()) {
            return direct;
        }
        return byProxy.computeIfAbsent(proxy.get(), this::viaProxy);
    }

    private OkHttpClient viaProxy(Secret proxyUrl) {
        URI uri = URI.create(proxyUrl.reveal());
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Proxy.Type type = switch (scheme) {
            case "http", "https" -> Proxy.Type.HTTP;
            case "socks5", "socks" -> Proxy.Type.SOCKS;
            default -> throw new IllegalArgumentException("a proxy is http://, https:// or socks5://");
        };
        int port = uri.getPort() > 0 ? uri.getPort() : (type == Proxy.Type.HTTP ? 8080 : 1080);
        var builder = direct.newBuilder().proxy(new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), port)));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && type == Proxy.Type.HTTP) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            String credential = Credentials.basic(user, password);
            builder.proxyAuthenticator((route, response) -> response.request().newBuilder()
                    .header("Proxy-Authorization", credential).build());
        }
        return builder.build();
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** Stops idle connections; calls in flight finish. */
    public void close() {
        direct.connectionPool().evictAll();
        direct.dispatcher().executorService().shutdown();
    }
}
