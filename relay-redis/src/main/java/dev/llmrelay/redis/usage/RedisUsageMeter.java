package dev.llmrelay.redis.usage;

import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageRecord;
import dev.llmrelay.api.usage.UsageTotal;
import dev.llmrelay.core.store.HourlyUsage;
import dev.llmrelay.core.store.memory.MemoryUsageMeter;
import dev.llmrelay.redis.support.RedisNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZRangeParams;

/**
 * Usage totals shared by every relay node, per hour, key, account and model.
 *
 * <p>{@link #record} only queues: a writer {@linkplain #flush() flushes} the queue every second, summed per hour
 * and group, as one pipeline of increments (one round trip for any number of requests). What fails to reach
 * Redis is kept and sent again with the next flush, so an outage delays totals and loses none; {@link
 * #flush()} at stop sends the rest. Each hour is one hash, {@code <key>␟<account>␟<model>␟<counter>} to
 * integers (cost in nano-dollars, so sums are exact), listed in a sorted set of hours.
 *
 * <p>Reading totals flushes this node's queue first, so a node always reads its own requests.
 */
public final class RedisUsageMeter implements UsageMeter {
    private static final Logger log = LoggerFactory.getLogger(RedisUsageMeter.class);
    private static final char SEPARATOR = '\u001f';
    private static final double NANOS_PER_USD = 1e9;
    private static final List<String> COUNTERS = List.of("requests", "input", "output", "cache-write", "cache-read",
            "cache-write-1h", "reasoning", "cost-nanos");

    private final UnifiedJedis redis;
    private final RedisNames names;
    private final ConcurrentLinkedQueue<UsageRecord> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock flushLock = new ReentrantLock();
    private List<HourlyUsage> unsent = List.of(); // under flushLock

    public RedisUsageMeter(UnifiedJedis redis, RedisNames names) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.names = Objects.requireNonNull(names, "names");
    }

    @Override
    public void record(UsageRecord record) {
        if (record != null) {
            queue.add(record);
        }
    }

    /**
     * Sends every queued record to Redis in one pipeline; what cannot be sent is kept for the next flush.
     *
     * @return whether everything queued reached Redis
     */
    public boolean flush() {
        flushLock.lock();
        try {
            MemoryUsageMeter summed = new MemoryUsageMeter();
            unsent.forEach(summed::add);
            for (UsageRecord record = queue.poll(); record != null; record = queue.poll()) {
                summed.record(record);
            }
            List<HourlyUsage> hours = summed.hourlyUsage();
            if (hours.isEmpty()) {
                return true;
            }
            try {
                increment(hours);
                unsent = List.of();
                return true;
            } catch (RuntimeException e) {
                unsent = hours;
                log.warn("Cannot write usage to Redis ({}); {} hourly totals kept for the next attempt",
                        e.getMessage(), hours.size());
                return false;
            }
        } finally {
            flushLock.unlock();
        }
    }

    /** Adds hours of usage kept elsewhere (a store being imported) to the totals. */
    public void add(Collection<HourlyUsage> hours) {
        if (!hours.isEmpty()) {
            increment(List.copyOf(hours));
        }
    }

    @Override
    public List<UsageTotal> totals(UsageQuery query) {
        Objects.requireNonNull(query, "query");
        flush();
        return hours(Granularity.hourOf(query.from()), query.to()).totals(query);
    }

    /** Every hour of usage Redis holds, for an export. */
    public List<HourlyUsage> hourlyUsage() {
        flush();
        return hours(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z")).hourlyUsage();
    }

    private void increment(List<HourlyUsage> hours) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (HourlyUsage hour : hours) {
                String hash = names.usageHour(hour.hour());
                String group = hour.keyId() + SEPARATOR + hour.accountId().orElse("") + SEPARATOR + hour.model()
                        + SEPARATOR;
                TokenUsage tokens = hour.tokens();
                long[] values = {hour.requests(), tokens.inputTokens(), tokens.outputTokens(),
                        tokens.cacheWriteTokens(), tokens.cacheReadTokens(), tokens.cacheWrite1hTokens(),
                        tokens.reasoningTokens(), Math.round(hour.costUsd() * NANOS_PER_USD)};
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != 0 || i == 0) {
                        pipeline.hincrBy(hash, group + COUNTERS.get(i), values[i]);
                    }
                }
                pipeline.zadd(names.usageHours(), hour.hour().getEpochSecond(), Long.toString(hour.hour().getEpochSecond()));
            }
            pipeline.sync();
        }
    }

    /** The hours in {@code [from, to)} as Redis holds them, summed into a meter to query. */
    private MemoryUsageMeter hours(Instant from, Instant to) {
        List<String> hours = redis.zrange(names.usageHours(), ZRangeParams.zrangeByScoreParams(from.getEpochSecond(),
                Math.max(from.getEpochSecond(), to.getEpochSecond() - 1)));
        List<Response<Map<String, String>>> contents = new ArrayList<>(hours.size());
        if (!hours.isEmpty()) {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (String hour : hours) {
                    contents.add(pipeline.hgetAll(names.usageHour(Instant.ofEpochSecond(Long.parseLong(hour)))));
                }
                pipeline.sync();
            }
        }
        MemoryUsageMeter meter = new MemoryUsageMeter();
        for (int i = 0; i < hours.size(); i++) {
            Instant hour = Instant.ofEpochSecond(Long.parseLong(hours.get(i)));
            groups(contents.get(i).get()).forEach((group, counters) -> meter.add(group.hourly(hour, counters)));
        }
        return meter;
    }

    private static Map<Group, long[]> groups(Map<String, String> fields) {
        Map<Group, long[]> groups = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            int last = field.lastIndexOf(SEPARATOR);
            int counter = last < 0 ? -1 : COUNTERS.indexOf(field.substring(last + 1));
            String[] parts = last < 0 ? new String[0] : field.substring(0, last).split(String.valueOf(SEPARATOR), -1);
            if (counter < 0 || parts.length != 3) {
                log.warn("Ignoring an unreadable usage field in Redis");
                return;
            }
            groups.computeIfAbsent(new Group(parts[0], parts[1], parts[2]), g -> new long[COUNTERS.size()])[counter] +=
                    Long.parseLong(value);
        });
        return groups;
    }

    /** One key, account ({@code ""} when none) and model within an hour. */
    private record Group(String keyId, String accountId, String model) {
        HourlyUsage hourly(Instant hour, long[] counters) {
            return new HourlyUsage(hour, keyId, accountId.isEmpty() ? Optional.empty() : Optional.of(accountId), model,
                    counters[0], new TokenUsage(counters[1], counters[2], counters[3], counters[4], counters[5],
                    counters[6]), counters[7] / NANOS_PER_USD);
        }
    }
}
