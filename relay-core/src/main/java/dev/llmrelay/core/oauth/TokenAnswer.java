package dev.llmrelay.core.oauth;

import java.time.Duration;

/** What a provider's token endpoint answered. */
public sealed interface TokenAnswer {

    /** Tokens. */
    record Granted(TokenGrant grant) implements TokenAnswer {
    }

    /**
     * The provider refused the code or refresh token for good (a 400, 401 or 403: {@code invalid_grant}, a
     * reused or revoked refresh token): signing in again is the only way back.
     *
     * @param why the provider's error code and message, never a token
     */
    record Refused(int status, String why) implements TokenAnswer {
    }

    /** The endpoint could not be asked or failed (no connection, 429, 5xx, a moved endpoint): worth another try. */
    record Unavailable(String why) implements TokenAnswer {
    }

    /** A device login the operator has not approved yet; ask again after {@code interval}. */
    record Pending(Duration interval) implements TokenAnswer {
    }
}
