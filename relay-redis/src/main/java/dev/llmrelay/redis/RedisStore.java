package dev.llmrelay.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.CredentialRefreshLocks;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.core.key.KeyRefusals;
import dev.llmrelay.core.oauth.OnboardingSessions;
import dev.llmrelay.core.store.HourlyUsage;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.StoreContents;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.core.store.format.StoredJson;
import dev.llmrelay.redis.accounts.RedisAccountPool;
import dev.llmrelay.redis.accounts.RedisOnboardingSessions;
import dev.llmrelay.redis.accounts.RedisRefreshLocks;
import dev.llmrelay.redis.keys.RedisKeyPolicy;
import dev.llmrelay.redis.support.LeaseKeeper;
import dev.llmrelay.redis.support.Outages;
import dev.llmrelay.redis.support.RedisNames;
import dev.llmrelay.redis.usage.RedisUsageMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The store of relay nodes sharing one Redis: accounts, keys, usage, leases and sticky sessions all live there,
 * so any number of nodes behind a load balancer enforce every limit once and see every change at once.
 *
 * <p>Upstream secrets (and the PKCE verifiers of OAuth sign-ins under way) are encrypted with the relay's encryption
 * key before they reach Redis (every node needs the same {@code RELAY_ENCRYPTION_KEY}); relay keys are kept as
 * hashes. A request costs two round trips
 * before its upstream call (the key's check-and-take, the account's) and two after its answer (the key's
 * settlement, the account's slot); usage goes in one pipeline per second for all requests. See
 * {@code docs/redis.md}.
 */
public final class RedisStore implements RelayStore {
    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);

    private final UnifiedJedis redis;
    private final CredentialCipher cipher;
    private final Clock clock;
    private final LeaseKeeper leases;
    private final RedisAccountPool accounts;
    private final RedisKeyPolicy keys;
    private final RedisUsageMeter usage;
    private final CredentialRefreshLocks refreshLocks;
    private final OnboardingSessions onboardingSessions;
    private final AccountPool guardedAccounts;
    private final KeyPolicy guardedKeys;
    private final UsageMeter guardedUsage;
    private final ScheduledExecutorService usageWriter;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * How a Redis store behaves; the defaults suit production.
     *
     * @param prefix the prefix of every Redis key the relay writes ({@code relay}); relays sharing a Redis
     *     under different prefixes share nothing
     * @param leaseTtl how long a dead node's concurrency slots stay taken; a live node renews its own every
     *     third of it
     * @param usageFlushInterval how often queued usage goes to Redis
     */
    public record Options(String prefix, Duration leaseTtl, Duration usageFlushInterval) {
        public static final Options DEFAULTS = new Options("relay", Duration.ofSeconds(60), Duration.ofSeconds(1));

        public Options {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(leaseTtl, "leaseTtl");
            Objects.requireNonNull(usageFlushInterval, "usageFlushInterval");
        }

        public Options withPrefix(String newPrefix) {
            return new Options(newPrefix, leaseTtl, usageFlushInterval);
        }

        public Options withLeaseTtl(Duration ttl) {
            return new Options(prefix, ttl, usageFlushInterval);
        }
    }

    private RedisStore(UnifiedJedis redis, CredentialCipher cipher, Clock clock, Options options) {
        this.redis = redis;
        this.cipher = cipher;
        this.clock = clock;
        ObjectMapper json = StoredJson.newMapper();
        RedisNames names = new RedisNames(options.prefix());
        this.leases = new LeaseKeeper(redis, clock, options.leaseTtl());
        this.accounts = new RedisAccountPool(redis, names, cipher, json, clock, leases);
        this.keys = new RedisKeyPolicy(redis, names, json, clock, leases);
        this.usage = new RedisUsageMeter(redis, names);
        this.guardedAccounts = Outages.guarded(AccountPool.class, accounts);
        this.refreshLocks = Outages.guarded(CredentialRefreshLocks.class, new RedisRefreshLocks(redis, names));
        this.onboardingSessions = Outages.guarded(OnboardingSessions.class,
                new RedisOnboardingSessions(redis, names, cipher, json, clock));
        this.guardedKeys = Outages.guarded(KeyPolicy.class, keys);
        this.guardedUsage = Outages.guarded(UsageMeter.class, usage);
        this.usageWriter = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "relay-usage-writer");
            thread.setDaemon(true);
            return thread;
        });
        long interval = options.usageFlushInterval().toMillis();
        usageWriter.scheduleWithFixedDelay(usage::flush, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * A store on {@code redis}, which it owns from now on (closing the store closes it). Nothing is read yet:
     * the store works as soon as Redis answers, and again after Redis comes back from an outage.
     */
    public static RedisStore open(UnifiedJedis redis, CredentialCipher cipher, Clock clock, Options options) {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        return new RedisStore(redis, cipher, clock, options);
    }

    @Override
    public AccountPool accounts() {
        return guardedAccounts;
    }

    @Override
    public KeyPolicy keys() {
        return guardedKeys;
    }

    @Override
    public UsageMeter usage() {
        return guardedUsage;
    }

    /** Locks every node sharing this Redis respects. */
    @Override
    public CredentialRefreshLocks refreshLocks() {
        return refreshLocks;
    }

    /** Sign-ins any node sharing this Redis can finish, their secrets encrypted with {@link #cipher()}. */
    @Override
    public OnboardingSessions onboardingSessions() {
        return onboardingSessions;
    }

    @Override
    public CredentialCipher cipher() {
        return cipher;
    }

    /** Whether Redis answers a PING now. */
    @Override
    public boolean answers() {
        try {
            return "PONG".equalsIgnoreCase(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Sends the usage this node has queued now, as the writer does every second; whether all of it went. */
    public boolean flushUsage() {
        return usage.flush();
    }

    /** Leases this node holds and renews now: requests in flight here, counted once per key and per account. */
    public int leasesHeld() {
        return leases.heldCount();
    }

    @Override
    public StoreContents contents() {
        return new StoreContents(accounts.list(), keys.list(), usage.hourlyUsage());
    }

    @Override
    public void load(StoreContents contents) {
        contents.accounts().forEach(accounts::save);
        contents.keys().forEach(keys::save);
        usage.add(contents.usage());
        Instant now = clock.instant();
        Map<String, double[]> spend = new HashMap<>(); // key id -> total, today, this week
        for (HourlyUsage hour : contents.usage()) {
            double[] sums = spend.computeIfAbsent(hour.keyId(), id -> new double[3]);
            sums[0] += hour.costUsd();
            if (KeyRefusals.dayOf(hour.hour()).equals(KeyRefusals.dayOf(now))) {
                sums[1] += hour.costUsd();
            }
            if (KeyRefusals.weekOf(hour.hour()).equals(KeyRefusals.weekOf(now))) {
                sums[2] += hour.costUsd();
            }
        }
        spend.forEach((keyId, sums) -> keys.addSpend(keyId, sums[0], sums[1], sums[2]));
    }

    /** Sends the usage still queued, stops renewing leases and closes the connections. Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        usageWriter.shutdown();
        try {
            usageWriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!usage.flush()) {
            log.error("Usage could not be written to Redis at stop; the last second of totals is lost");
        }
        leases.close();
        redis.close();
    }
}
