package dev.llmrelay.core.upstream.proxy;

import dev.llmrelay.api.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * Answers an HTTP proxy's {@code 407} with {@code Proxy-Authorization: Basic}, once. OkHttp also asks it before
 * a {@code CONNECT} (a fake challenge, {@code Proxy-Authenticate: OkHttp-Preemptive}), so a tunnel costs no extra
 * round trip. A request that already carried the credential and got a 407 gets {@code null}: the proxy refused
 * them, and asking again would loop.
 *
 * <p>Each proxy gets its own instance, and identity is its equality: OkHttp's pool reuses a connection only for an
 * {@code Address} with the same authenticator, so two proxies at one host with different credentials (or TLS and
 * plain) never share a connection.
 */
final class HttpProxyAuthenticator implements Authenticator {
    private static final String PROXY_AUTHORIZATION = "Proxy-Authorization";

    private final Optional<Secret> basicCredential;

    HttpProxyAuthenticator(Optional<ProxyCredentials> credentials) {
        this.basicCredential = credentials.map(c ->
                Secret.of(Credentials.basic(c.username(), c.revealPassword(), StandardCharsets.UTF_8)));
    }

    @Override
    public Request authenticate(Route route, Response response) {
        if (basicCredential.isEmpty() || response.request().header(PROXY_AUTHORIZATION) != null) {
            return null;
        }
        return response.request().newBuilder()
                .header(PROXY_AUTHORIZATION, basicCredential.get().reveal())
                .build();
    }
}
