package dev.llmrelay.core.schedule;

import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.core.chain.RelayOutcome.UpstreamFailed;
import dev.llmrelay.core.exchange.Headers;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * What an upstream failure says about its account: rate-limited until the upstream's reset time, briefly
 * overloaded after a 5xx or a failed connection, unauthorized after a 401 or 403. Cooldowns are short and
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

    /** The account's status after {@code failure} at {@code now}. */
    public AccountStatus statusAfter(UpstreamFailed failure, Instant now) {
        int status = failure.status();
        String type = failure.errorType();
        if (status == 429 || type.equals("rate_limit_error")) {
            Duration wait = resetDelay(failure.headers(), now).orElse(rateLimitDefault);
            wait = wait.compareTo(rateLimitCap) > 0 ? rateLimitCap : wait;
            return AccountStatus.of(AccountState.RATE_LIMITED, reason(failure), now.plus(wait));
        }
        if (status == 401 || status == 403) {
            return AccountStatus.of(AccountState.UNAUTHORIZED, reason(failure), null);
        }
        Duration wait = status == 529 ? resetDelay(failure.headers(), now).orElse(overloadCooldown) : overloadCooldown;
        return AccountStatus.of(AccountState.OVERLOADED, reason(failure), now.plus(wait));
    }

    private static String reason(UpstreamFailed failure) {
        String what = failure.status() == 0 ? "no answer" : "upstream answered " + failure.status();
        return failure.detail().isEmpty() ? what : what + ": " + failure.detail();
    }

    /** The upstream's own word on when to come back: {@code retry-after} (seconds or a date), or Anthropic's reset headers. */
    static Optional<Duration> resetDelay(Headers headers, Instant now) {
        Optional<Duration> retryAfter = headers.first("retry-after").flatMap(value -> parseRetryAfter(value, now));
        if (retryAfter.isPresent()) {
            return retryAfter;
        }
        return headers.first("anthropic-ratelimit-unified-reset")
                .flatMap(AccountHealthRules::parseLong)
                .map(epochSeconds -> Duration.between(now, Instant.ofEpochSecond(epochSeconds)))
                .filter(d -> !d.isNegative());
    }

    private static Optional<Duration> parseRetryAfter(String value, Instant now) {
        var seconds = parseLong(value.strip());
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds.get())));
        }
        try {
            Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseLong(String value) {
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
