package dev.llmrelay.core.oauth;

import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Credential;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Tokens a provider's token endpoint granted: the access token, a refresh token where it issued (or rotated)
 * one, the expiry, and the provider account the tokens act for where it names one.
 */
public record TokenGrant(Secret accessToken, Optional<Secret> refreshToken, Optional<Instant> expiresAt,
                         Optional<String> accountId) {
    public TokenGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(accountId, "accountId");
    }

    /** A new account's credential from these tokens. */
    public Credential.OAuthTokens toCredential() {
        return new Credential.OAuthTokens(accessToken, refreshToken, expiresAt, accountId, Optional.empty());
    }

    @Override
    public String toString() {
        return "TokenGrant[expiresAt=" + expiresAt + ", accountId=" + accountId + "]";
    }
}
