package dev.llmrelay.core.store.memory;

import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageRecord;
import dev.llmrelay.api.usage.UsageTotal;
import dev.llmrelay.core.store.HourlyUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Usage totals of one relay process, in memory, per hour, key, account and model.
 *
 * <p>{@link #record} takes no lock: it adds to striped counters, so it costs the same under any load.
 * A total read while records arrive may hold the newest of them only in part; none is ever counted twice.
 */
public final class MemoryUsageMeter implements UsageMeter {

    private final Map<BucketKey, Bucket> buckets = new ConcurrentHashMap<>();

    @Override
    public void record(UsageRecord record) {
        BucketKey key = new BucketKey(Granularity.hourOf(record.at()), record.keyId(),
                record.accountId().orElse(""), record.model());
        buckets.computeIfAbsent(key, k -> new Bucket()).add(1, record.tokens(), record.costUsd());
    }

    /** Adds totals kept elsewhere (a snapshot being restored) to this meter's. */
    public void add(HourlyUsage usage) {
        BucketKey key = new BucketKey(usage.hour(), usage.keyId(), usage.accountId().orElse(""), usage.model());
        buckets.computeIfAbsent(key, k -> new Bucket()).add(usage.requests(), usage.tokens(), usage.costUsd());
    }

    /** Every hourly total this meter holds, for a snapshot; in no promised order. */
    public List<HourlyUsage> hourlyUsage() {
        List<HourlyUsage> all = new ArrayList<>(buckets.size());
        buckets.forEach((key, bucket) -> all.add(new HourlyUsage(key.hour(), key.keyId(),
                key.accountId().isEmpty() ? Optional.empty() : Optional.of(key.accountId()), key.model(),
                bucket.requests.sum(), bucket.tokens(), bucket.costUsd.sum())));
        return all;
    }

    @Override
    public List<UsageTotal> totals(UsageQuery query) {
        Objects.requireNonNull(query, "query");
        Instant from = Granularity.hourOf(query.from());
        Map<PeriodAndGroup, Sum> sums = new TreeMap<>(); // ordered by period, then group
        buckets.forEach((key, bucket) -> {
            if (key.hour().isBefore(from) || !key.hour().isBefore(query.to())) {
                return;
            }
            String group = switch (query.by()) {
                case KEY -> key.keyId();
                case ACCOUNT -> key.accountId();
                case MODEL -> key.model();
            };
            if (group.isEmpty() || query.group().map(wanted -> !wanted.equals(group)).orElse(false)) {
                return;
            }
            String period = query.granularity().periodOf(key.hour());
            sums.computeIfAbsent(new PeriodAndGroup(period, group), k -> new Sum()).add(bucket);
        });
        List<UsageTotal> totals = new ArrayList<>(sums.size());
        sums.forEach((key, sum) ->
                totals.add(new UsageTotal(key.group(), key.period(), sum.requests, sum.tokens, sum.costUsd)));
        return totals;
    }

    /** One hour of one key, account ({@code ""} when none) and model. */
    private record BucketKey(Instant hour, String keyId, String accountId, String model) {
    }

    private record PeriodAndGroup(String period, String group) implements Comparable<PeriodAndGroup> {
        @Override
        public int compareTo(PeriodAndGroup other) {
            int byPeriod = period.compareTo(other.period);
            return byPeriod != 0 ? byPeriod : group.compareTo(other.group);
        }
    }

    /** Counters that many threads add to at once without a lock. */
    private static final class Bucket {
        final LongAdder requests = new LongAdder();
        final LongAdder inputTokens = new LongAdder();
        final LongAdder outputTokens = new LongAdder();
        final LongAdder cacheWriteTokens = new LongAdder();
        final LongAdder cacheReadTokens = new LongAdder();
        final LongAdder cacheWrite1hTokens = new LongAdder();
        final LongAdder reasoningTokens = new LongAdder();
        final DoubleAdder costUsd = new DoubleAdder();

        void add(long requestCount, TokenUsage tokens, double cost) {
            requests.add(requestCount);
            inputTokens.add(tokens.inputTokens());
            outputTokens.add(tokens.outputTokens());
            cacheWriteTokens.add(tokens.cacheWriteTokens());
            cacheReadTokens.add(tokens.cacheReadTokens());
            cacheWrite1hTokens.add(tokens.cacheWrite1hTokens());
            reasoningTokens.add(tokens.reasoningTokens());
            costUsd.add(cost);
        }

        TokenUsage tokens() {
            return new TokenUsage(inputTokens.sum(), outputTokens.sum(), cacheWriteTokens.sum(),
                    cacheReadTokens.sum(), cacheWrite1hTokens.sum(), reasoningTokens.sum());
        }
    }

    /** A total being summed by one reader. */
    private static final class Sum {
        long requests;
        TokenUsage tokens = TokenUsage.ZERO;
        double costUsd;

        void add(Bucket bucket) {
            requests += bucket.requests.sum();
            tokens = tokens.plus(bucket.tokens());
            costUsd += bucket.costUsd.sum();
        }
    }
}
