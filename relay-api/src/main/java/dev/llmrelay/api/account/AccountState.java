package dev.llmrelay.api.account;

import java.util.Locale;

/** The health the relay keeps for an account; only {@link #ACTIVE} accounts are scheduled. */
public enum AccountState {
    ACTIVE,
    RATE_LIMITED,
    OVERLOADED,
    UNAUTHORIZED,
    DISABLED;

    /** The admin API's spelling: {@code active}, {@code rate-limited}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
