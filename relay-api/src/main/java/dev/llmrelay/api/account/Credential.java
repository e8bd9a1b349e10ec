package dev.llmrelay.api.account;

import dev.llmrelay.api.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What an account presents to its upstream in place of the client's relay key. */
public sealed interface Credential {

    /** The admin API's {@code kind} for this credential. */
    CredentialKind kind();

    /** A provider API key ({@code kind: "api-key"}). */
    record ApiKey(Secret key) implements Credential {
        public ApiKey {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public CredentialKind kind() {
            return CredentialKind.API_KEY;
        }
    }

    /** Subscription tokens from an OAuth login ({@code kind: "oauth"}); the refresh token may be absent. */
    record OAuthTokens(Secret accessToken, Optional<Secret> refreshToken, Optional<Instant> expiresAt)
            implements Credential {
        public OAuthTokens {
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(refreshToken, "refreshToken");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public CredentialKind kind() {
            return CredentialKind.OAUTH;
        }
    }
}
