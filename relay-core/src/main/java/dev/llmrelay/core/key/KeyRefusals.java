package dev.llmrelay.core.key;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Why a key refuses a request, worded the same whichever store counts its limits: first what the key may do
 * (enabled, unexpired, service, model, client), then which of its limits are reached.
 */
public final class KeyRefusals {

    /** The wait suggested to a key at its concurrency: a slot usually frees within seconds. */
    public static final Duration CONCURRENCY_RETRY_AFTER = Duration.ofSeconds(1);

    /** The wait suggested once the total budget is spent: it never renews, but a client needs some number. */
    public static final Duration TOTAL_BUDGET_RETRY_AFTER = Duration.ofHours(24);

    private KeyRefusals() {
    }

    /** Where a key's counters stand against its limits at one moment, as its store counted them. */
    public record LimitsReached(
            boolean atConcurrency,
            Optional<Duration> requestsFreeIn,
            Optional<Duration> tokensFreeIn,
            boolean dayBudgetSpent,
            boolean weekBudgetSpent,
            boolean totalBudgetSpent) {

        public boolean any() {
            return atConcurrency || requestsFreeIn.isPresent() || tokensFreeIn.isPresent() || dayBudgetSpent
                    || weekBudgetSpent || totalBudgetSpent;
        }
    }

    /** The refusal of a key that may not make {@code request} at {@code now}, whatever its limits. */
    public static Optional<RelayError> access(RelayKey key, AccessRequest request, Instant now) {
        if (!key.enabled()) {
            return Optional.of(RelayError.of(ErrorKind.AUTHENTICATION, "relay key is disabled"));
        }
        if (key.isExpiredAt(now)) {
            return Optional.of(expired());
        }
        if (!key.allowsService(request.service())) {
            return Optional.of(RelayError.of(ErrorKind.PERMISSION,
                    "relay key may not use the " + request.service().wireName() + " service"));
        }
        if (!key.allowsModel(request.model())) {
            return Optional.of(RelayError.of(ErrorKind.PERMISSION,
                    "relay key may not use model " + request.model()));
        }
        if (!AllowedClients.permits(key.allowedClients(), request.clientId(), request.userAgent())) {
            return Optional.of(RelayError.of(ErrorKind.PERMISSION, "relay key may not be used from "
                    + AllowedClients.describe(request.clientId(), request.userAgent())));
        }
        return Optional.empty();
    }

    /** The refusal of an expired key. */
    public static RelayError expired() {
        return RelayError.of(ErrorKind.AUTHENTICATION, "relay key expired");
    }

    /**
     * The limit that refuses a request now, the one freeing last when several do (the request cannot pass
     * before it frees); empty when none is reached.
     */
    public static Optional<RelayError> limits(KeyLimits limits, LimitsReached reached, Instant now) {
        if (!reached.any()) {
            return Optional.empty();
        }
        List<RelayError> refusals = new ArrayList<>(2);
        int windowSeconds = limits.effectiveWindowSeconds();
        if (reached.atConcurrency()) {
            refusals.add(RelayError.retryable(ErrorKind.RATE_LIMITED, "relay key is at its limit of "
                    + limits.maxConcurrency().orElse(0) + " concurrent requests", CONCURRENCY_RETRY_AFTER));
        }
        reached.requestsFreeIn().ifPresent(wait -> refusals.add(RelayError.retryable(ErrorKind.RATE_LIMITED,
                "relay key reached its limit of " + limits.requestsPerWindow().orElse(0) + " requests per "
                        + windowSeconds + " seconds", wait)));
        reached.tokensFreeIn().ifPresent(wait -> refusals.add(RelayError.retryable(ErrorKind.RATE_LIMITED,
                "relay key reached its limit of " + limits.tokensPerWindow().orElse(0) + " tokens per "
                        + windowSeconds + " seconds", wait)));
        if (reached.dayBudgetSpent()) {
            Instant tomorrow = dayOf(now).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            refusals.add(RelayError.retryable(ErrorKind.RATE_LIMITED, "relay key reached its daily budget of "
                    + usd(limits.costPerDayUsd().orElse(0)) + "; it renews at 00:00 UTC",
                    Duration.between(now, tomorrow)));
        }
        if (reached.weekBudgetSpent()) {
            Instant nextWeek = weekOf(now).plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            refusals.add(RelayError.retryable(ErrorKind.RATE_LIMITED, "relay key reached its weekly budget of "
                    + usd(limits.costPerWeekUsd().orElse(0)) + "; it renews on Monday at 00:00 UTC",
                    Duration.between(now, nextWeek)));
        }
        if (reached.totalBudgetSpent()) {
            refusals.add(RelayError.retryable(ErrorKind.RATE_LIMITED, "relay key has spent its total budget of "
                    + usd(limits.costTotalUsd().orElse(0)) + "; it does not renew: ask the relay's operator "
                    + "to raise costTotalUsd", TOTAL_BUDGET_RETRY_AFTER));
        }
        return refusals.stream().max(Comparator.comparing(refusal -> refusal.retryAfter().orElseThrow()));
    }

    /** The UTC day holding {@code at}: the span of {@code costPerDayUsd}. */
    public static LocalDate dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** The Monday starting the ISO week (UTC) that holds {@code at}: the span of {@code costPerWeekUsd}. */
    public static LocalDate weekOf(Instant at) {
        return dayOf(at).with(DayOfWeek.MONDAY);
    }

    private static String usd(double amount) {
        return "$" + BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
    }
}
