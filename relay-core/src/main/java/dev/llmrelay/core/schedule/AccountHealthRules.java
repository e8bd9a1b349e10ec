package dev.llmrelay.core.schedule;

import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.core.chain.RelayOutcome.UpstreamFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What an upstream failure says about its account: rate-limited until the upstream's reset time (a 429, or
 * a rate-limit error in a 200 stream), overloaded for a cooldown after a 529, unauthorized after a 401 or
 * 403. A 5xx or a failed connection feeds the account's circuit ({@link AccountCircuits}): it parks the
 * account only after {@code circuitThreshold} of them in a row. Cooldowns are short and capped, so an
 * account whose limit came back is used again soon (a parked account is re-tried when its cooldown ends).
 *
 * @param rateLimitDefault the cooldown after a 429 that names no reset time
 * @param rateLimitCap the longest an upstream's reset time may park an account
 * @param overloadCooldown the cooldown after a 529, and the first cooldown of an opened circuit
 * @param circuitThreshold consecutive 5xx answers or failed connections that open an account's circuit
 * @param circuitCooldownCap the longest an opened circuit parks an account (each reopening doubles the cooldown)
 */
public record AccountHealthRules(Duration rateLimitDefault, Duration rateLimitCap, Duration overloadCooldown,
                                 int circuitThreshold, Duration circuitCooldownCap) {

    /**
     * 60 s after a 429 without a reset time, at most 5 h with one; 10 s after a 529; the circuit opens after 3
     * server errors or failed connections in a row, for 10 s, doubling up to 5 min while it keeps failing.
     */
    public static final AccountHealthRules DEFAULT = new AccountHealthRules(Duration.ofSeconds(60), Duration.ofHours(5),
            Duration.ofSeconds(10), 3, Duration.ofMinutes(5));

    public AccountHealthRules {
        Objects.requireNonNull(rateLimitDefault, "rateLimitDefault");
        Objects.requireNonNull(rateLimitCap, "rateLimitCap");
        Objects.requireNonNull(overloadCooldown, "overloadCooldown");
        Objects.requireNonNull(circuitCooldownCap, "circuitCooldownCap");
        if (circuitThreshold < 1) {
            throw new IllegalArgumentException("circuitThreshold must be at least 1");
        }
    }

    /**
     * The error type of a failure whose account's refresh token the provider refused: the account is unauthorized,
     * with the provider's reason as it stands.
     */
    public static final String REFRESH_REFUSED = "oauth_refresh_refused";

    /** Whether {@code failure} is one that feeds the circuit rather than parking the account at once. */
    public boolean feedsCircuit(UpstreamFailed failure) {
        int status = failure.status();
        return !RATE_LIMIT_TYPES.contains(failure.errorType()) && !"overloaded_error".equals(failure.errorType())
                && (status == 0 || status == 200 || (status >= 500 && status != 529) || status == 408);
    }

    /** Error types that say the account's quota or rate is spent, in each provider's words. */
    private static final Set<String> RATE_LIMIT_TYPES =
            Set.of("rate_limit_error", "rate_limit_exceeded", "insufficient_quota", "RESOURCE_EXHAUSTED");

    /** The account's status after {@code failure} at {@code now}. */
    public AccountStatus statusAfter(UpstreamFailed failure, Instant now) {
        int status = failure.status();
        if (status == 429 || RATE_LIMIT_TYPES.contains(failure.errorType())) {
            return AccountStatus.of(AccountState.RATE_LIMITED, reason(failure), now.plus(rateLimitWait(failure)));
        }
        if (REFRESH_REFUSED.equals(failure.errorType())) {
            return AccountStatus.of(AccountState.UNAUTHORIZED, failure.detail(), null);
        }
        if (status == 401 || status == 403) {
            return AccountStatus.of(AccountState.UNAUTHORIZED, reason(failure), null);
        }
        Duration wait = failure.retryAfter().filter(d -> status == 529 || status == 503).orElse(overloadCooldown);
        wait = wait.compareTo(rateLimitCap) > 0 ? rateLimitCap : wait;
        return AccountStatus.of(AccountState.OVERLOADED, reason(failure), now.plus(wait));
    }

    /** How long a rate limit parks its account: the upstream's reset, else the default, at most the cap. */
    public Duration rateLimitWait(UpstreamFailed failure) {
        Duration wait = failure.retryAfter().orElse(rateLimitDefault);
        return wait.compareTo(rateLimitCap) > 0 ? rateLimitCap : wait;
    }

    /** The status of an account whose circuit opened for the {@code opening}-th time in a row. */
    public AccountStatus circuitOpened(UpstreamFailed failure, int opening, Instant now) {
        Duration wait = overloadCooldown.multipliedBy(1L << Math.min(20, opening - 1));
        wait = wait.compareTo(circuitCooldownCap) > 0 ? circuitCooldownCap : wait;
        return AccountStatus.of(AccountState.OVERLOADED, circuitThreshold + " failures in a row; last: " + reason(failure),
                now.plus(wait));
    }

    private static String reason(UpstreamFailed failure) {
        String what = failure.status() == 0 ? "no answer" : "upstream answered " + failure.status();
        return failure.detail().isEmpty() ? what : what + ": " + failure.detail();
    }
}
