package dev.llmrelay.host.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageDimension;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageTotal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The answer of {@code GET /key/v1/usage}, as the contract shapes it: the key, its usage today (UTC), this ISO
 * week (from Monday, UTC) and in all, its limits, and what remains of each limit it has.
 */
final class KeyUsageReport {

    record KeyRef(String id, String name) {
    }

    record Totals(long requests, long inputTokens, long outputTokens, long cacheWriteTokens, long cacheReadTokens,
                  double costUsd) {
    }

    record Usage(Totals today, Totals week, Totals total) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Limits(Integer windowSeconds, Long requestsPerWindow, Long tokensPerWindow, Double costPerDayUsd,
                  Double costPerWeekUsd, Double costTotalUsd, Integer maxConcurrency) {
    }

    /** What remains of each limit; a figure is absent where its limit is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Remaining(Long requestsInWindow, Long tokensInWindow, Double costTodayUsd, Double costWeekUsd,
                     Double costTotalUsd, Integer concurrency) {
    }

    record Body(KeyRef key, Usage usage, Limits limits, Remaining remaining) {
    }

    private KeyUsageReport() {
    }

    static Body of(RelayKey key, KeyStanding standing, UsageMeter meter, Instant now) {
        // Totals are kept per hour: reading up to the end of this hour includes everything recorded so far.
        Instant end = Granularity.hourOf(now).plus(Duration.ofHours(1));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant startOfDay = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant startOfWeek = today.with(DayOfWeek.MONDAY).atStartOfDay(ZoneOffset.UTC).toInstant();
        Usage usage = new Usage(sum(meter, key.id(), startOfDay, end), sum(meter, key.id(), startOfWeek, end),
                sum(meter, key.id(), Instant.EPOCH, end));
        KeyLimits limits = key.limits();
        var limitsView = new Limits(boxed(limits.windowSeconds()), boxed(limits.requestsPerWindow()),
                boxed(limits.tokensPerWindow()), boxed(limits.costPerDayUsd()), boxed(limits.costPerWeekUsd()),
                boxed(limits.costTotalUsd()), boxed(limits.maxConcurrency()));
        var remaining = new Remaining(
                left(limits.requestsPerWindow(), standing.requestsInWindow()),
                left(limits.tokensPerWindow(), standing.tokensInWindow()),
                left(limits.costPerDayUsd(), standing.costTodayUsd()),
                left(limits.costPerWeekUsd(), standing.costWeekUsd()),
                left(limits.costTotalUsd(), standing.costTotalUsd()),
                limits.maxConcurrency().isPresent()
                        ? Math.max(0, limits.maxConcurrency().getAsInt() - standing.inFlight()) : null);
        return new Body(new KeyRef(key.id(), key.name()), usage, limitsView, remaining);
    }

    private static Totals sum(UsageMeter meter, String keyId, Instant from, Instant to) {
        List<UsageTotal> rows = meter.totals(new UsageQuery(UsageDimension.KEY, Granularity.MONTH, from, to,
                Optional.of(keyId)));
        long requests = 0;
        TokenUsage tokens = TokenUsage.ZERO;
        double cost = 0;
        for (UsageTotal row : rows) {
            requests += row.requests();
            tokens = tokens.plus(row.tokens());
            cost += row.costUsd();
        }
        return new Totals(requests, tokens.inputTokens(), tokens.outputTokens(), tokens.cacheWriteTokens(),
                tokens.cacheReadTokens(), money(cost));
    }

    private static Long left(OptionalLong limit, long used) {
        return limit.isPresent() ? Math.max(0, limit.getAsLong() - used) : null;
    }

    private static Double left(OptionalDouble limit, double spent) {
        return limit.isPresent() ? Math.max(0, money(limit.getAsDouble() - spent)) : null;
    }

    /** USD to the nano-dollar, so that 5 − 4.7 reads 0.3 rather than 0.2999999999999998. */
    private static double money(double usd) {
        return BigDecimal.valueOf(usd).setScale(9, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
