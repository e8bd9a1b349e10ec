package dev.llmrelay.core.credential;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.exchange.Headers;

/** Google: an API key in {@code x-goog-api-key}; an OAuth access token (Code Assist) as {@code Authorization: Bearer}. */
public final class GeminiAuth implements UpstreamAuth {

    @Override
    public void apply(Account account, Protocol protocol, String upstreamModel, Headers client, Headers.Builder upstream) {
        UpstreamAuth.removeClientCredentials(upstream);
        switch (account.credential()) {
            case Credential.ApiKey apiKey -> upstream.set("x-goog-api-key", apiKey.key().reveal());
            case Credential.OAuthTokens tokens -> upstream.set("authorization", "Bearer " + tokens.accessToken().reveal());
        }
    }
}
