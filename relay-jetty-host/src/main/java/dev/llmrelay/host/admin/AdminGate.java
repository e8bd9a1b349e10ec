package dev.llmrelay.host.admin;

import dev.llmrelay.api.Secret;
import java.util.Objects;

/**
 * The one check of the admin token, for the admin API and the metrics alike: {@code Authorization: Bearer <token>},
 * compared in constant time against the one secret. Nothing else admits a caller.
 */
public final class AdminGate {
    private final Secret token;

    public AdminGate(Secret token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    /** Whether this {@code Authorization} header value (null when absent) carries the admin token. */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return token.matches(authorization.substring(7).strip());
    }
}
