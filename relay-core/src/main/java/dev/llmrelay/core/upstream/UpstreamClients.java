package dev.llmrelay.core.upstream;

import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.core.upstream.proxy.OutboundProxy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients upstream calls go through: one shared client, and one derived from it per distinct proxy URL
 * ({@link OutboundProxy}: {@code http://}, {@code https://} or {@code socks5://}, each with optional
 * {@code user:password@}). Derived clients share the base client's connection pool and dispatcher, yet never reuse
 * each other's connections. Clients are cached by the proxy URL, a {@link Secret} that is never logged.
 *
 * <p>Streams have no overall timeout, only an idle one between reads; redirects are not followed, so a credential
 * never goes to another host.
 */
public final class UpstreamClients {
    private final OkHttpClient direct;
    private final Map<Secret, OkHttpClient> byProxy = new ConcurrentHashMap<>();

    public UpstreamClients(OkHttpClient direct) {
        this.direct = Objects.requireNonNull(direct, "direct");
    }

    /**
     * A client tuned for relaying: a generous pool, a connect timeout, an idle timeout, no call timeout, no
     * redirects.
     *
     * @param connectTimeout bounds TCP, the proxy handshake (SOCKS5, or TLS with an {@code https://} proxy) and
     *     TLS with the upstream
     * @param idleTimeout OkHttp's read and write timeouts: the longest wait for the response headers (the first
     *     byte) and, after them, between two reads of the body. There is no separate first-byte timeout: the
     *     relay's failover treats a timeout before the first byte as a failed attempt and moves to the next account,
     *     while after it the stream breaks. Streams have no total limit.
     */
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

    /**
     * The client for {@code account}'s proxy, or the shared one. Accounts with the same proxy URL get the same
     * client.
     *
     * @throws IllegalArgumentException when the proxy URL is not {@code http://}, {@code https://} or
     *     {@code socks5://} with a host; the message never holds the URL
     */
    public OkHttpClient forAccount(Account account) {
        return forProxy(account.proxy());
    }

    /**
     * The client through {@code proxy}, or the shared one when there is none (an account's token calls go the
     * way its API calls go).
     *
     * @throws IllegalArgumentException when the proxy URL is not usable; the message never holds the URL
     */
    public OkHttpClient forProxy(Optional<Secret> proxy) {
        if (proxy.isEmpty()) {
            return direct;
        }
        return byProxy.computeIfAbsent(proxy.get(), url -> OutboundProxy.parse(url).derive(direct));
    }

    /** Stops idle connections; calls in flight finish. */
    public void close() {
        direct.connectionPool().evictAll();
        direct.dispatcher().executorService().shutdown();
    }
}
