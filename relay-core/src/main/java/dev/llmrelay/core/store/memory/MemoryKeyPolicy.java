package dev.llmrelay.core.store.memory;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The relay keys of one relay process, in memory.
 *
 * <p>{@link #admit} finds the key by the hash of what was presented, checks it (enabled, unexpired, service,
 * model, client) and checks and takes every limit of {@link KeyLimits} under one lock held for a few
 * microseconds, so no number of racing requests gets past a limit:
 * <ul>
 *   <li>{@code maxConcurrency}: a slot held until the {@link KeyLease} closes;</li>
 *   <li>{@code requestsPerWindow}: at most that many admissions in any rolling window of
 *       {@code windowSeconds}, exactly, kept as a log of admission times ({@link RequestWindow});</li>
 *   <li>{@code tokensPerWindow}: admitted while the tokens its finished requests used in the rolling window are
 *       under the limit ({@link TokenWindow});</li>
 *   <li>{@code costPerDayUsd}, {@code costPerWeekUsd}, {@code costTotalUsd}: admitted while what the key spent
 *       this UTC day, this ISO week and in all is under the limit ({@link KeySpend}).</li>
 * </ul>
 * Tokens and cost are what the answer really used, counted when the lease is {@linkplain KeyLease#settle
 * settled}; requests in flight have not settled yet, so each may carry the spend past a token or cost limit by
 * its own size. A key that must never exceed a budget also sets {@code maxConcurrency}.
 *
 * <p>Why no token bucket (bucket4j) here: a bucket refilling N per window admits up to 2N in a window that spans
 * a refill, where the contract promises N per rolling window; tokens and cost are only known after the answer,
 * so they are counted afterwards, not taken beforehand; and day, week and total budgets reset at calendar
 * boundaries, not continuously. The exact log costs at most {@code requestsPerWindow} instants per key.
 *
 * <p>A refused request takes nothing. When several limits refuse at once, the 429 names the one that frees last,
 * and its {@code retry-after} says when that is, since the request cannot pass before.
 */
public final class MemoryKeyPolicy implements KeyPolicy {

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, RelayKey> keys = new HashMap<>();
    private final Map<String, String> idsByHash = new HashMap<>();
    private final Map<String, KeyCounters> counters = new HashMap<>();

    public MemoryKeyPolicy(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public KeyDecision admit(Secret presentedKey, AccessRequest request) {
        Objects.requireNonNull(presentedKey, "presentedKey");
        Objects.requireNonNull(request, "request");
        String hash = KeyHash.of(presentedKey.reveal()).hex();
        lock.lock();
        try {
            Instant now = clock.instant();
            String id = idsByHash.get(hash);
            RelayKey key = id == null ? null : keys.get(id);
            if (key == null) {
                return new KeyDecision.Rejected(PresentedKey.unknown());
            }
            Optional<RelayError> refusal = KeyRefusals.access(key, request, now);
            if (refusal.isPresent()) {
                return new KeyDecision.Rejected(refusal.get());
            }
            KeyCounters counted = counters.get(key.id());
            Optional<RelayError> limited = KeyRefusals.limits(key.limits(), reached(key.limits(), counted, now), now);
            if (limited.isPresent()) {
                return new KeyDecision.Rejected(limited.get());
            }
            KeyLimits limits = key.limits();
            if (limits.requestsPerWindow().isPresent()) {
                counted.requests.take(limits.requestsPerWindow().getAsLong(), now);
            }
            counted.inFlight++;
            RelayKey used = key.usedAt(now);
            keys.put(used.id(), used);
            return new KeyDecision.Admitted(new Lease(used, counted, now));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<RelayKey> identify(Secret presentedKey) {
        String hash = KeyHash.of(presentedKey.reveal()).hex();
        lock.lock();
        try {
            String id = idsByHash.get(hash);
            return id == null ? Optional.empty() : Optional.ofNullable(keys.get(id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<KeyStanding> standing(String keyId) {
        lock.lock();
        try {
            RelayKey key = keys.get(keyId);
            if (key == null) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            KeyCounters counted = counters.get(keyId);
            Duration window = windowOf(key.limits());
            return Optional.of(new KeyStanding(counted.requests.count(window, now), counted.tokens.count(window, now),
                    SpendNanos.toUsd(counted.spend.today(now)), SpendNanos.toUsd(counted.spend.thisWeek(now)),
                    SpendNanos.toUsd(counted.spend.total()), counted.inFlight));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<RelayKey> list() {
        lock.lock();
        try {
            return List.copyOf(keys.values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<RelayKey> find(String keyId) {
        lock.lock();
        try {
            return Optional.ofNullable(keys.get(keyId));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Creates or replaces the key; a replaced key keeps its requests in flight, its windows and its spend, and
     * its new limits apply from the next request.
     *
     * @throws IllegalArgumentException when another key already has the same hash
     */
    @Override
    public void save(RelayKey key) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            String holder = idsByHash.get(key.hash().hex());
            if (holder != null && !holder.equals(key.id())) {
                throw new IllegalArgumentException("key " + key.id() + " has the same hash as key " + holder);
            }
            RelayKey previous = keys.put(key.id(), key);
            if (previous != null) {
                idsByHash.remove(previous.hash().hex());
            }
            idsByHash.put(key.hash().hex(), key.id());
            counters.computeIfAbsent(key.id(), id -> new KeyCounters());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String keyId) {
        lock.lock();
        try {
            RelayKey removed = keys.remove(keyId);
            if (removed == null) {
                return false;
            }
            idsByHash.remove(removed.hash().hex());
            counters.remove(keyId);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Requests admitted with this key and not yet finished (leases not closed). */
    public int inFlight(String keyId) {
        lock.lock();
        try {
            KeyCounters counted = counters.get(keyId);
            return counted == null ? 0 : counted.inFlight;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts spend recorded before this policy existed (a store restoring it from its usage totals): what a
     * request admitted at {@code admittedAt} cost. It counts in the total, and in today and this week when it
     * falls in them. A key that does not exist (any more) is ignored.
     */
    public void countPastSpend(String keyId, Instant admittedAt, double costUsd) {
        lock.lock();
        try {
            KeyCounters counted = counters.get(keyId);
            if (counted != null) {
                counted.spend.add(SpendNanos.of(costUsd), admittedAt, clock.instant());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Every key's rolling windows, for a store to persist. */
    public List<KeyWindows> windows() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<KeyWindows> all = new ArrayList<>(keys.size());
            for (RelayKey key : keys.values()) {
                KeyCounters counted = counters.get(key.id());
                Duration window = windowOf(key.limits());
                List<Instant> admissions = counted.requests.snapshot(window, now);
                List<KeyWindows.SettledTokens> tokens = counted.tokens.snapshot(window, now);
                if (!admissions.isEmpty() || !tokens.isEmpty()) {
                    all.add(new KeyWindows(key.id(), admissions, tokens));
                }
            }
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Puts back a key's rolling windows from a store's snapshot; a key that does not exist is ignored. */
    public void restoreWindows(KeyWindows windows) {
        lock.lock();
        try {
            RelayKey key = keys.get(windows.keyId());
            if (key == null) {
                return;
            }
            KeyCounters counted = counters.get(key.id());
            Duration window = windowOf(key.limits());
            windows.admissions().forEach(counted.requests::restore);
            windows.tokens().forEach(settled -> counted.tokens.add(settled.tokens(), settled.at(), window));
        } finally {
            lock.unlock();
        }
    }

    private void settle(KeyCounters counted, RelayKey key, Instant admittedAt, TokenUsage used, double costUsd) {
        lock.lock();
        try {
            Instant now = clock.instant();
            counted.tokens.add(used.totalTokens(), now, windowOf(key.limits()));
            counted.spend.add(SpendNanos.of(costUsd), admittedAt, now);
        } finally {
            lock.unlock();
        }
    }

    private void release(KeyCounters counted) {
        lock.lock();
        try {
            counted.inFlight--;
        } finally {
            lock.unlock();
        }
    }

    private static Duration windowOf(KeyLimits limits) {
        return Duration.ofSeconds(limits.effectiveWindowSeconds());
    }

    /** The limits that refuse a request now, as this key's counters stand. */
    private static KeyRefusals.LimitsReached reached(KeyLimits limits, KeyCounters counted, Instant now) {
        Duration window = windowOf(limits);
        return new KeyRefusals.LimitsReached(
                limits.maxConcurrency().isPresent() && counted.inFlight >= limits.maxConcurrency().getAsInt(),
                limits.requestsPerWindow().isPresent()
                        ? counted.requests.waitFor(limits.requestsPerWindow().getAsLong(), window, now)
                        : Optional.empty(),
                limits.tokensPerWindow().isPresent()
                        ? counted.tokens.waitFor(limits.tokensPerWindow().getAsLong(), window, now)
                        : Optional.empty(),
                limits.costPerDayUsd().isPresent()
                        && counted.spend.today(now) >= SpendNanos.of(limits.costPerDayUsd().getAsDouble()),
                limits.costPerWeekUsd().isPresent()
                        && counted.spend.thisWeek(now) >= SpendNanos.of(limits.costPerWeekUsd().getAsDouble()),
                limits.costTotalUsd().isPresent()
                        && counted.spend.total() >= SpendNanos.of(limits.costTotalUsd().getAsDouble()));
    }

    /** One admitted request of one key: settles its spend once and gives its concurrency slot back once. */
    private final class Lease implements KeyLease {
        private final RelayKey key;
        private final KeyCounters counted;
        private final Instant admittedAt;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(RelayKey key, KeyCounters counted, Instant admittedAt) {
            this.key = key;
            this.counted = counted;
            this.admittedAt = admittedAt;
        }

        @Override
        public RelayKey key() {
            return key;
        }

        @Override
        public void settle(TokenUsage used, double costUsd) {
            Objects.requireNonNull(used, "used");
            if (settled.compareAndSet(false, true)) {
                MemoryKeyPolicy.this.settle(counted, key, admittedAt, used, costUsd);
            }
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(counted);
            }
        }
    }
}
