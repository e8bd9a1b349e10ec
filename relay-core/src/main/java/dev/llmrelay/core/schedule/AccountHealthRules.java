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
 * a rate-limit error in a 200 stream), briefly overloaded after a 529, a 5xx or a failed connection,
 * unauthorized after a 401 or 403. Cooldowns are short and
 * capped, so an account whose limit came back is used again soon (a parked account is re-tried when its
 * cooldown ends).
 *
 * @param rateLimitDefault the cooldown after a 429 that names no reset time
 * @param rateLimitCap the longest an upstream's reset time may park an account
 * @param overloadCooldown the cooldown after a 529, a 5xx or a failed connection
 */
public record AccountHealthRules(Duration rateLimitDefault, Duration rateLimitCap, Duration overloadCooldown) {

    /** 60 s after a 429 without a reset time, at most 5 h with one, 10 s after a 5xx or connect failure. */
    public static final AccountHealthRules DEFAULT =
            new AccountHealthRules(Duration.ofSeconds(60), Duration.ofHours(5), Duration.ofSeconds(10));

    public AccountHealthRules {
        Objects.requireNonNull(rateLimitDefault, "rateLimitDefault");
        Objects.requireNonNull(rateLimitCap, "rateLimitCap");
        Objects.requireNonNull(overloadCooldown, "overloadCooldown");
    }

    /** Error types that say the account's quota or rate is spent, in each provider's words. */
    private static final Set<String> RATE_LIMIT_TYPES =
            Set.of("rate_limit_error", "rate_limit_exceeded", "insufficient_quota", "RESOURCE_EXHAUSTED");

    /** The account's status after {@code failure} at {@code now}. */
    public AccountStatus statusAfter(UpstreamFailed failure, Instant now) {
        int status = failure.status();
        if (status == 429 || RATE_LIMIT_TYPES.contains(failure.errorType())) {
            Duration wait = failure.retryAfter().orElse(rateLimitDefault);
            wait = wait.compareTo(rateLimitCap) > 0 ? rateLimitCap : wait;
            return AccountStatus.of(AccountState.RATE_LIMITED, reason(failure), now.plus(wait));
        }
        if (status == 401 || status == 403) {
            return AccountStatus.of(AccountState.UNAUTHORIZED, reason(failure), null);
        }
        Duration wait = failure.retryAfter().filter(d -> status == 529 || status == 503).orElse(overloadCooldown);
        wait = wait.compareTo(rateLimitCap) > 0 ? rateLimitCap : wait;
        return AccountStatus.of(AccountState.OVERLOADED, reason(failure), now.plus(wait));
    }

    private static String reason(UpstreamFailed failure) {
        String what = failure.status() == 0 ? "no answer" : "upstream answered " + failure.status();
        return failure.detail().isEmpty() ? what : what + ": " + failure.detail();
    }
}
