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

    /**
     * Subscription tokens from an OAuth login ({@code kind: "oauth"}); the refresh token may be absent.
     *
     * @param accountId the provider's id of the account or organisation the tokens act for, where its traffic
     *     or its refresh names one: ChatGPT's account id (sent as {@code chatgpt-account-id}), Factory's
     *     organisation
     * @param project the Google Cloud project Code Assist serves these tokens in (Gemini subscriptions)
     */
    record OAuthTokens(Secret accessToken, Optional<Secret> refreshToken, Optional<Instant> expiresAt,
                       Optional<String> accountId, Optional<String> project)
            implements Credential {
        public OAuthTokens {
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(refreshToken, "refreshToken");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(project, "project");
        }

        /** Tokens that name no provider account or project. */
        public OAuthTokens(Secret accessToken, Optional<Secret> refreshToken, Optional<Instant> expiresAt) {
            this(accessToken, refreshToken, expiresAt, Optional.empty(), Optional.empty());
        }

        @Override
        public CredentialKind kind() {
            return CredentialKind.OAUTH;
        }

        /** These tokens serving in Code Assist's {@code project}. */
        public OAuthTokens withProject(Optional<String> newProject) {
            return new OAuthTokens(accessToken, refreshToken, expiresAt, accountId, newProject);
        }

        /**
         * The tokens after a refresh: the new access token and expiry; the new refresh token where the provider
         * rotated it, else this one; the provider account it names, else this one; the same project.
         */
        public OAuthTokens refreshedTo(Secret newAccessToken, Optional<Secret> newRefreshToken,
                                       Optional<Instant> newExpiresAt, Optional<String> newAccountId) {
            return new OAuthTokens(newAccessToken, newRefreshToken.or(() -> refreshToken), newExpiresAt,
                    newAccountId.or(() -> accountId), project);
        }
    }
}
