package dev.llmrelay.api.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An account's health with the reason and, for temporary states, until when it holds. A temporary state
 * whose {@code until} has passed counts as {@link AccountState#ACTIVE}.
 */
public record AccountStatus(AccountState state, Optional<String> reason, Optional<Instant> until) {

    public static final AccountStatus ACTIVE = new AccountStatus(AccountState.ACTIVE, Optional.empty(), Optional.empty());

    public AccountStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(until, "until");
    }

    public static AccountStatus of(AccountState state, String reason, Instant until) {
        return new AccountStatus(state, Optional.ofNullable(reason), Optional.ofNullable(until));
    }

    /** Whether the account may be scheduled at {@code now}. */
    public boolean isAvailableAt(Instant now) {
        return switch (state) {
            case ACTIVE -> true;
            case RATE_LIMITED, OVERLOADED -> until.map(u -> !now.isBefore(u)).orElse(false);
            case UNAUTHORIZED, DISABLED -> false;
        };
    }

    /** The state as seen at {@code now}: an expired temporary state reads as active. */
    public AccountStatus asOf(Instant now) {
        return state != AccountState.ACTIVE && isAvailableAt(now) ? ACTIVE : this;
    }
}
