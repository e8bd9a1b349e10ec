package dev.llmrelay.core.credential;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.exchange.Headers;

/** OpenAI and OpenAI-compatible upstreams: the API key, or an OAuth access token, as {@code Authorization: Bearer}. */
public final class OpenAiAuth implements UpstreamAuth {

    @Override
    public void apply(Account account, Protocol protocol, String upstreamModel, Headers client, Headers.Builder upstream) {
        UpstreamAuth.removeClientCredentials(upstream);
        String token = switch (account.credential()) {
            case Credential.ApiKey apiKey -> apiKey.key().reveal();
            case Credential.OAuthTokens tokens -> tokens.accessToken().reveal();
        };
        upstream.set("authorization", "Bearer " + token);
    }
}
