package dev.llmrelay.core.credential;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.exchange.Headers;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Anthropic's placement: an API key goes in {@code x-api-key}; an OAuth (subscription) token goes in
 * {@code Authorization: Bearer} with the {@code oauth-2025-04-20} beta that unlocks Bearer auth, merged
 * into the client's own {@code anthropic-beta} flags without duplicates.
 */
public final class AnthropicAuth implements UpstreamAuth {
    /** The beta flag Anthropic requires with an OAuth access token. */
    public static final String OAUTH_BETA = "oauth-2025-04-20";

    @Override
    public void apply(Account account, Protocol protocol, String upstreamModel, Headers client,
                      Headers.Builder upstreamHeaders) {
        UpstreamAuth.removeClientCredentials(upstreamHeaders);
        switch (account.credential()) {
            case Credential.ApiKey apiKey -> upstreamHeaders.set("x-api-key", apiKey.key().reveal());
            case Credential.OAuthTokens tokens -> {
                upstreamHeaders.set("authorization", "Bearer " + tokens.accessToken().reveal());
                upstreamHeaders.set("anthropic-beta", withFlag(upstreamHeaders.build().all("anthropic-beta"), OAUTH_BETA));
            }
        }
    }

    /** The flags of every {@code anthropic-beta} value, de-duplicated in order, with {@code flag} added. */
    static String withFlag(List<String> headerValues, String flag) {
        Set<String> flags = new LinkedHashSet<>();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    flags.add(part.strip());
                }
            }
        }
        flags.add(flag);
        return String.join(",", flags);
    }
}
