package dev.llmrelay.redis.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.key.KeyRefusals;
import dev.llmrelay.core.key.PresentedKey;
import dev.llmrelay.core.key.SpendNanos;
import dev.llmrelay.core.store.format.KeyRecord;
import dev.llmrelay.redis.support.LeaseKeeper;
import dev.llmrelay.redis.support.LuaScript;
import dev.llmrelay.redis.support.RedisNames;
import dev.llmrelay.redis.support.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The relay keys of every relay node sharing one Redis.
 *
 * <p>{@link #admit} is one script run on the key's own slot: it checks that the key is the version this node
 * checked the permissions of, then checks and takes every limit the way the in-memory policy does (a log of
 * admissions for the rolling request window, settled tokens per second, spend per UTC day, ISO week and in
 * all, leases for concurrency), and stamps the first and last use. What the key may do (enabled, expiry,
 * services, models, clients) is checked on the node from a cache of keys by hash; a key changed on any node
 * has a new version, which the script refuses, and the node reloads it and checks again. So a warm request
 * costs one round trip, and every change takes effect at once on every node.
 *
 * <p>Tokens and cost are counted, and the concurrency slot given back, by one more script run when the
 * request ends. Leases expire unless this node's {@link LeaseKeeper} renews them.
 */
public final class RedisKeyPolicy implements KeyPolicy {
    private static final Logger log = LoggerFactory.getLogger(RedisKeyPolicy.class);
    private static final String SOURCE = "a relay key in Redis";
    private static final int MAX_ATTEMPTS = 4;

    private final UnifiedJedis redis;
    private final RedisNames names;
    private final ObjectMapper json;
    private final Clock clock;
    private final LeaseKeeper leases;
    private final Map<String, Cached> byHash = new ConcurrentHashMap<>();
    private final LuaScript admitScript = LuaScript.named("admit-key");
    private final LuaScript settleScript = LuaScript.named("settle-key");
    private final LuaScript standingScript = LuaScript.named("key-standing");
    private final LuaScript saveScript = LuaScript.named("save-key");
    private final LuaScript readScript = LuaScript.named("read-key");
    private final LuaScript indexScript = LuaScript.named("index-key");
    private final LuaScript unindexScript = LuaScript.named("unindex-key");
    private final LuaScript addSpendScript = LuaScript.named("add-spend");

    /** A key as of one version of it. */
    private record Cached(RelayKey key, String version) {
    }

    public RedisKeyPolicy(UnifiedJedis redis, RedisNames names, ObjectMapper json, Clock clock, LeaseKeeper leases) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.names = Objects.requireNonNull(names, "names");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leases = Objects.requireNonNull(leases, "leases");
    }

    @Override
    public KeyDecision admit(Secret presentedKey, AccessRequest request) {
        Objects.requireNonNull(presentedKey, "presentedKey");
        Objects.requireNonNull(request, "request");
        KeyHash hash = KeyHash.of(presentedKey.reveal());
        Optional<Cached> found = Optional.ofNullable(byHash.get(hash.hex())).or(() -> loadByHash(hash));
        for (int attempt = 1; found.isPresent(); attempt++) {
            Cached cached = found.get();
            RelayKey key = cached.key();
            Instant now = clock.instant();
            Optional<RelayError> refusal = KeyRefusals.access(key, request, now);
            if (refusal.isPresent()) {
                // Refuse only on the key as it is now: another node may just have changed it.
                Optional<Cached> current = reload(key.id(), hash);
                if (current.isPresent() && !current.get().version().equals(cached.version())) {
                    found = current;
                    continue;
                }
                return new KeyDecision.Rejected(refusal.get());
            }
            String leaseId = UUID.randomUUID().toString();
            Reply reply = Reply.of(admitScript.run(redis, counters(key.id()),
                    admitArgs(cached.version(), key, now, leaseId)));
            switch (reply.string(0)) {
                case "ok" -> {
                    Instant firstUsed = Instant.ofEpochMilli(Long.parseLong(reply.string(1)));
                    RelayKey used = withUse(key, Optional.of(firstUsed), Optional.of(now));
                    var held = new LeaseKeeper.Held(names.keyLeases(key.id()), leaseId);
                    leases.hold(held);
                    return new KeyDecision.Admitted(new Lease(used, held, now));
                }
                case "limited" -> {
                    return new KeyDecision.Rejected(KeyRefusals.limits(key.limits(), reached(reply), now)
                            .orElseThrow());
                }
                case "expired" -> {
                    return new KeyDecision.Rejected(KeyRefusals.expired());
                }
                case "gone" -> {
                    byHash.remove(hash.hex());
                    return new KeyDecision.Rejected(PresentedKey.unknown());
                }
                default -> { // stale
                    if (attempt == MAX_ATTEMPTS) {
                        throw new IllegalStateException("relay key " + key.id() + " kept changing in Redis during "
                                + attempt + " attempts to admit a request");
                    }
                    found = reload(key.id(), hash);
                }
            }
        }
        return new KeyDecision.Rejected(PresentedKey.unknown());
    }

    private List<String> counters(String keyId) {
        return List.of(names.keyState(keyId), names.keyLeases(keyId), names.keyAdmissions(keyId),
                names.keyTokens(keyId), names.keySpend(keyId));
    }

    private List<String> admitArgs(String version, RelayKey key, Instant now, String leaseId) {
        KeyLimits limits = key.limits();
        long lifetime = key.expiresAfterFirstUseDays().isPresent()
                ? Duration.ofDays(key.expiresAfterFirstUseDays().getAsInt()).toMillis()
                : -1;
        return List.of(version, Long.toString(now.toEpochMilli()), leaseId,
                Long.toString(now.toEpochMilli() + leases.ttl().toMillis()),
                Long.toString(windowMillis(limits)),
                Long.toString(limits.requestsPerWindow().orElse(-1)),
                Long.toString(limits.tokensPerWindow().orElse(-1)),
                Long.toString(limits.maxConcurrency().orElse(-1)),
                budget(limits.costPerDayUsd()), budget(limits.costPerWeekUsd()), budget(limits.costTotalUsd()),
                KeyRefusals.dayOf(now).toString(), KeyRefusals.weekOf(now).toString(), Long.toString(lifetime));
    }

    /** A budget in nano-dollars as the script reads it: -1 when absent. */
    private static String budget(OptionalDouble usd) {
        return Long.toString(usd.isPresent() ? SpendNanos.of(usd.getAsDouble()) : -1);
    }

    private static KeyRefusals.LimitsReached reached(Reply reply) {
        long requestsWait = reply.number(2);
        long tokensWait = reply.number(3);
        return new KeyRefusals.LimitsReached(reply.number(1) == 1,
                requestsWait >= 0 ? Optional.of(Duration.ofMillis(requestsWait)) : Optional.empty(),
                tokensWait >= 0 ? Optional.of(Duration.ofMillis(tokensWait)) : Optional.empty(),
                reply.number(4) == 1, reply.number(5) == 1, reply.number(6) == 1);
    }

    @Override
    public Optional<RelayKey> identify(Secret presentedKey) {
        return loadByHash(KeyHash.of(presentedKey.reveal())).map(Cached::key);
    }

    @Override
    public Optional<KeyStanding> standing(String keyId) {
        Optional<Cached> key = read(keyId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Reply reply = Reply.of(standingScript.run(redis, counters(keyId),
                List.of(Long.toString(now.toEpochMilli()), Long.toString(windowMillis(key.get().key().limits())),
                        KeyRefusals.dayOf(now).toString(), KeyRefusals.weekOf(now).toString())));
        if (!reply.string(0).equals("ok")) {
            return Optional.empty();
        }
        return Optional.of(new KeyStanding(reply.number(1), reply.number(2), SpendNanos.toUsd(reply.number(3)),
                SpendNanos.toUsd(reply.number(4)), SpendNanos.toUsd(reply.number(5)), (int) reply.number(6)));
    }

    @Override
    public List<RelayKey> list() {
        List<String> ids = redis.hvals(names.keyIndex());
        List<Response<String>> records = new ArrayList<>(ids.size());
        List<Response<List<String>>> states = new ArrayList<>(ids.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String id : ids) {
                records.add(pipeline.get(names.keyRecord(id)));
                states.add(pipeline.hmget(names.keyState(id), "firstUsed", "lastUsed"));
            }
            pipeline.sync();
        }
        List<RelayKey> keys = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String record = records.get(i).get();
            if (record != null) {
                List<String> state = states.get(i).get();
                keys.add(withUse(readRecord(record), millis(state.get(0)), millis(state.get(1))));
            }
        }
        return keys;
    }

    @Override
    public Optional<RelayKey> find(String keyId) {
        return read(keyId).map(Cached::key);
    }

    /**
     * Creates or replaces the key; a replaced key keeps its requests in flight, its windows and its spend, and
     * its new limits apply from the next request, on every node.
     *
     * @throws IllegalArgumentException when another key already has the same hash
     */
    @Override
    public void save(RelayKey key) {
        Objects.requireNonNull(key, "key");
        Optional<Cached> previous = read(key.id());
        String previousHash = previous.map(cached -> cached.key().hash().hex()).orElse("");
        Object holder = indexScript.run(redis, List.of(names.keyIndex()),
                List.of(key.hash().hex(), key.id(), previousHash));
        if (holder != null && !holder.toString().isEmpty()) {
            throw new IllegalArgumentException("key " + key.id() + " has the same hash as key " + holder);
        }
        Object version = saveScript.run(redis, List.of(names.keyRecord(key.id()), names.keyState(key.id())),
                List.of(writeRecord(withUse(key, Optional.empty(), Optional.empty())),
                        key.firstUsedAt().map(at -> Long.toString(at.toEpochMilli())).orElse(""),
                        key.lastUsedAt().map(at -> Long.toString(at.toEpochMilli())).orElse(""),
                        UUID.randomUUID().toString()));
        if (!previousHash.isEmpty() && !previousHash.equals(key.hash().hex())) {
            byHash.remove(previousHash);
        }
        byHash.put(key.hash().hex(), new Cached(key, version.toString()));
    }

    @Override
    public boolean delete(String keyId) {
        Optional<Cached> existing = read(keyId);
        if (existing.isEmpty()) {
            return false;
        }
        redis.del(names.keyRecord(keyId), names.keyState(keyId), names.keyLeases(keyId), names.keyAdmissions(keyId),
                names.keyTokens(keyId), names.keySpend(keyId));
        String hash = existing.get().key().hash().hex();
        unindexScript.run(redis, List.of(names.keyIndex()), List.of(hash, keyId));
        byHash.remove(hash);
        return true;
    }

    /**
     * Counts spend recorded elsewhere (a store being imported) into the key's budgets: {@code totalUsd} in all,
     * of which {@code todayUsd} today and {@code thisWeekUsd} this week. A key that does not exist is ignored.
     */
    public void addSpend(String keyId, double totalUsd, double todayUsd, double thisWeekUsd) {
        if (read(keyId).isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        addSpendScript.run(redis, List.of(names.keySpend(keyId)), List.of(Long.toString(SpendNanos.of(totalUsd)),
                Long.toString(SpendNanos.of(todayUsd)), Long.toString(SpendNanos.of(thisWeekUsd)),
                KeyRefusals.dayOf(now).toString(),
                KeyRefusals.weekOf(now).toString()));
    }

    private Optional<Cached> loadByHash(KeyHash hash) {
        String id = redis.hget(names.keyIndex(), hash.hex());
        if (id == null) {
            byHash.remove(hash.hex());
            return Optional.empty();
        }
        return reload(id, hash);
    }

    /** The key {@code keyId} as Redis holds it now, cached under {@code hash} if it still has that hash. */
    private Optional<Cached> reload(String keyId, KeyHash hash) {
        Optional<Cached> current = read(keyId).filter(cached -> cached.key().hash().matches(hash));
        if (current.isPresent()) {
            byHash.put(hash.hex(), current.get());
        } else {
            byHash.remove(hash.hex());
        }
        return current;
    }

    private Optional<Cached> read(String keyId) {
        Reply reply = Reply.of(readScript.run(redis, List.of(names.keyRecord(keyId), names.keyState(keyId)),
                List.of()));
        if (reply.size() == 0) {
            return Optional.empty();
        }
        RelayKey key = withUse(readRecord(reply.string(0)), millis(reply.string(2)), millis(reply.string(3)));
        return Optional.of(new Cached(key, reply.string(1)));
    }

    private void settle(String keyId, KeyLimits limits, LeaseKeeper.Held held, Instant admittedAt,
                        Optional<Settlement> settlement) {
        Instant now = clock.instant();
        long window = windowMillis(limits);
        long grain = Math.max(1_000, window / 1_024);
        long tokens = settlement.map(s -> s.used().totalTokens()).orElse(0L);
        long cost = settlement.map(s -> SpendNanos.of(s.costUsd())).orElse(0L);
        settleScript.run(redis, List.of(names.keyState(keyId), names.keyLeases(keyId), names.keyTokens(keyId),
                        names.keySpend(keyId)),
                List.of(held.member(), settlement.isPresent() ? "1" : "0", Long.toString(tokens),
                        Long.toString(now.toEpochMilli()), Long.toString(Math.floorDiv(now.toEpochMilli(), grain) * grain),
                        Long.toString(cost), KeyRefusals.dayOf(admittedAt).toString(),
                        KeyRefusals.weekOf(admittedAt).toString(), KeyRefusals.dayOf(now).toString(),
                        KeyRefusals.weekOf(now).toString(), Long.toString(window + grain)));
    }

    private static long windowMillis(KeyLimits limits) {
        return Duration.ofSeconds(limits.effectiveWindowSeconds()).toMillis();
    }

    private static Optional<Instant> millis(String text) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
    }

    private static RelayKey withUse(RelayKey key, Optional<Instant> firstUsed, Optional<Instant> lastUsed) {
        return new RelayKey(key.id(), key.name(), key.hash(), key.enabled(), key.services(), key.allowedModels(),
                key.blockedModels(), key.allowedClients(), key.boundAccountId(), key.boundGroup(), key.expiresAt(),
                key.expiresAfterFirstUseDays(), key.limits(), key.createdAt(), firstUsed, lastUsed);
    }

    private String writeRecord(RelayKey key) {
        try {
            return json.writeValueAsString(KeyRecord.of(key));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a key record", e);
        }
    }

    private RelayKey readRecord(String record) {
        try {
            return json.readValue(record, KeyRecord.class).toKey(SOURCE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + SOURCE + ": " + e.getOriginalMessage());
        }
    }

    /** What an answer used, waiting to be counted when its lease closes. */
    private record Settlement(TokenUsage used, double costUsd) {
    }

    /** One admitted request of one key: counts its use and gives its slot back in one round trip, once. */
    private final class Lease implements KeyLease {
        private final RelayKey key;
        private final LeaseKeeper.Held held;
        private final Instant admittedAt;
        private final AtomicReference<Settlement> settlement = new AtomicReference<>();
        private final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(RelayKey key, LeaseKeeper.Held held, Instant admittedAt) {
            this.key = key;
            this.held = held;
            this.admittedAt = admittedAt;
        }

        @Override
        public RelayKey key() {
            return key;
        }

        @Override
        public void settle(TokenUsage used, double costUsd) {
            Objects.requireNonNull(used, "used");
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            if (released.get()) {
                end(Optional.of(new Settlement(used, costUsd))); // settled after close: count it on its own
            } else {
                settlement.set(new Settlement(used, costUsd));
            }
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                end(Optional.ofNullable(settlement.getAndSet(null)));
            }
        }

        private void end(Optional<Settlement> counted) {
            leases.forget(held);
            try {
                RedisKeyPolicy.this.settle(key.id(), key.limits(), held, admittedAt, counted);
            } catch (RuntimeException e) {
                log.error("Cannot count the use of relay key {} in Redis ({}); its slot frees when its lease "
                        + "expires in {} s", key.id(), e.getMessage(), leases.ttl().toSeconds());
            }
        }
    }
}
