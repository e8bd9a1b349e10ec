package dev.llmrelay.host.admin;

import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.UsageDimension;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageTotal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** {@code GET /admin/v1/usage?by=key|account|model&granularity=hour|day|month&from=&to=}. */
final class UsageAdmin {
    private final UsageMeter meter;
    private final Clock clock;

    UsageAdmin(UsageMeter meter, Clock clock) {
        this.meter = meter;
        this.clock = clock;
    }

    record Row(String group, String period, long requests, long inputTokens, long outputTokens, long cacheWriteTokens,
               long cacheReadTokens, double costUsd) {
    }

    record Rows(List<Row> rows) {
    }

    /** Reads the totals; {@code parameter} gives a query parameter's decoded value. */
    Rows totals(Function<String, String> parameter) {
        UsageDimension by = choice(parameter.apply("by"), "by", UsageDimension.class, UsageDimension.KEY);
        Granularity granularity = choice(parameter.apply("granularity"), "granularity", Granularity.class, Granularity.DAY);
        Instant now = clock.instant();
        Instant from = time(parameter.apply("from"), "from").orElse(now.truncatedTo(ChronoUnit.DAYS));
        Instant to = time(parameter.apply("to"), "to").orElse(now);
        if (to.isBefore(from)) {
            throw AdminException.invalid("to must not be before from");
        }
        List<UsageTotal> totals = meter.totals(new UsageQuery(by, granularity, from, to, Optional.empty()));
        return new Rows(totals.stream().map(total -> new Row(total.group(), total.period(), total.requests(),
                total.tokens().inputTokens(), total.tokens().outputTokens(), total.tokens().cacheWriteTokens(),
                total.tokens().cacheReadTokens(), total.costUsd())).toList());
    }

    private static <E extends Enum<E>> E choice(String value, String name, Class<E> type, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AdminException.invalid(name + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static Optional<Instant> time(String value, String name) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw AdminException.invalid(name + " must be an ISO-8601 UTC time such as 2026-11-23T00:00:00Z");
        }
    }
}
