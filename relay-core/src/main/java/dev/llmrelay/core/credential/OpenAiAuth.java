package dev.llmrelay.core.credential;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.exchange.Headers;

/**
 * OpenAI and OpenAI-compatible upstreams: the API key, or an OAuth access token, as {@code Authorization: Bearer};
 * a ChatGPT (Codex) token with the {@code chatgpt-account-id} it acts for, as Codex CLI sends it.
 */
public final class OpenAiAuth implements UpstreamAuth {

    @Override
    public void apply(Account account, Protocol protocol, String upstreamModel, Headers client, Headers.Builder upstream) {
        UpstreamAuth.removeClientCredentials(upstream);
        upstream.remove("chatgpt-account-id");
        String token = switch (account.credential()) {
            case Credential.ApiKey apiKey -> apiKey.key().reveal();
            case Credential.OAuthTokens tokens -> {
                tokens.accountId().ifPresent(id -> upstream.set("chatgpt-account-id", id));
                yield tokens.accessToken().reveal();
            }
        };
        upstream.set("authorization", "Bearer " + token);
    }
}
