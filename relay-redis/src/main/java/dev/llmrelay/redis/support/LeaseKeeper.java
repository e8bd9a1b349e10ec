package dev.llmrelay.redis.support;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ZAddParams;

/**
 * Keeps this node's leases alive. A lease (a concurrency slot of a key or an account) is a member of a sorted
 * set scored by its expiry; while its request runs, this keeper pushes the expiry forward every third of the
 * lease's life, all held leases in one pipeline. When a node dies its leases stop being renewed and the next
 * check-and-take on any node drops them once they expire: a dead node holds no slot for longer than
 * {@link #ttl()}.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final UnifiedJedis redis;
    private final Clock clock;
    private final Duration ttl;
    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer;

    /** One lease: its member in its sorted set. */
    public record Held(String set, String member) {
        public Held {
            Objects.requireNonNull(set, "set");
            Objects.requireNonNull(member, "member");
        }
    }

    public LeaseKeeper(UnifiedJedis redis, Clock clock, Duration ttl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.toMillis() < 300) {
            throw new IllegalArgumentException("a lease lives at least 300 ms");
        }
        this.ttl = ttl;
        this.renewer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "relay-lease-renewer");
            thread.setDaemon(true);
            return thread;
        });
        long period = ttl.toMillis() / 3;
        renewer.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** How long a lease lives without renewal. */
    public Duration ttl() {
        return ttl;
    }

    /** The expiry score of a lease taken now. */
    public long expiryFromNow() {
        return clock.millis() + ttl.toMillis();
    }

    /** Starts renewing a lease just taken. */
    public void hold(Held lease) {
        held.add(lease);
    }

    /** Stops renewing a lease; its owner removes it from its set. */
    public void forget(Held lease) {
        held.remove(lease);
    }

    /** Leases this node holds now. */
    public int heldCount() {
        return held.size();
    }

    private void renew() {
        if (held.isEmpty()) {
            return;
        }
        try (AbstractPipeline pipeline = redis.pipelined()) {
            double expiry = expiryFromNow();
            for (Held lease : held) {
                // XX: a lease released meanwhile is not brought back.
                pipeline.zadd(lease.set(), expiry, lease.member(), ZAddParams.zAddParams().xx());
            }
            pipeline.sync();
        } catch (RuntimeException e) {
            log.warn("Cannot renew {} leases in Redis ({}); retrying in {} ms", held.size(), e.getMessage(),
                    ttl.toMillis() / 3);
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
