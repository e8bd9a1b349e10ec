package dev.llmrelay.core.store.memory;

import dev.llmrelay.api.ErrorKind;
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
import dev.llmrelay.core.key.PresentedKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The relay keys of one relay process, in memory.
 *
 * <p>{@link #admit} finds the key by the hash of what was presented, checks it and takes its limits under one
 * lock held for a few microseconds. Enforced limits: {@link KeyLimits#maxConcurrency()} (a slot held until the
 * {@link KeyLease} closes) and {@link KeyLimits#requestsPerWindow()} (at most that many admissions in any
 * rolling window of {@link KeyLimits#effectiveWindowSeconds()}). The token-per-window and cost limits are not
 * enforced by this class yet: they need the usage of finished requests and belong to a later step.
 */
public final class MemoryKeyPolicy implements KeyPolicy {

    /** The wait suggested to a key at its concurrency: a slot usually frees within seconds. */
    static final Duration CONCURRENCY_RETRY_AFTER = Duration.ofSeconds(1);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, RelayKey> keys = new HashMap<>();
    private final Map<String, String> idsByHash = new HashMap<>();
    private final Map<String, AtomicInteger> inFlight = new HashMap<>();
    private final Map<String, RequestWindow> windows = new HashMap<>();

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
            Optional<RelayError> refusal = refusal(key, request, now);
            if (refusal.isPresent()) {
                return new KeyDecision.Rejected(refusal.get());
            }
            AtomicInteger slots = inFlight.get(key.id());
            KeyLimits limits = key.limits();
            if (limits.maxConcurrency().isPresent() && slots.get() >= limits.maxConcurrency().getAsInt()) {
                return new KeyDecision.Rejected(RelayError.retryable(ErrorKind.RATE_LIMITED,
                        "relay key is at its limit of " + limits.maxConcurrency().getAsInt()
                                + " concurrent requests", CONCURRENCY_RETRY_AFTER));
            }
            if (limits.requestsPerWindow().isPresent()) {
                long limit = limits.requestsPerWindow().getAsLong();
                Duration window = Duration.ofSeconds(limits.effectiveWindowSeconds());
                RequestWindow requests = windows.computeIfAbsent(key.id(), keyId -> new RequestWindow());
                Optional<Duration> wait = requests.waitFor(limit, window, now);
                if (wait.isPresent()) {
                    return new KeyDecision.Rejected(RelayError.retryable(ErrorKind.RATE_LIMITED,
                            "relay key reached its limit of " + limit + " requests per "
                                    + limits.effectiveWindowSeconds() + " seconds", wait.get()));
                }
                requests.take(limit, now);
            }
            slots.incrementAndGet();
            RelayKey used = key.usedAt(now);
            keys.put(used.id(), used);
            return new KeyDecision.Admitted(new SlotLease(used, slots));
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
            RequestWindow requests = windows.get(keyId);
            long requestsInWindow = requests == null ? 0
                    : requests.count(Duration.ofSeconds(key.limits().effectiveWindowSeconds()), clock.instant());
            return Optional.of(new KeyStanding(requestsInWindow, 0, 0, 0, 0, inFlight.get(keyId).get()));
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
     * Creates or replaces the key; a replaced key keeps its requests in flight and its rolling window.
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
            inFlight.computeIfAbsent(key.id(), id -> new AtomicInteger());
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
            inFlight.remove(keyId);
            windows.remove(keyId);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Requests admitted with this key and not yet finished (leases not closed). */
    public int inFlight(String keyId) {
        lock.lock();
        try {
            AtomicInteger slots = inFlight.get(keyId);
            return slots == null ? 0 : slots.get();
        } finally {
            lock.unlock();
        }
    }

    private static Optional<RelayError> refusal(RelayKey key, AccessRequest request, Instant now) {
        if (!key.enabled()) {
            return Optional.of(RelayError.of(ErrorKind.AUTHENTICATION, "relay key is disabled"));
        }
        if (key.isExpiredAt(now)) {
            return Optional.of(RelayError.of(ErrorKind.AUTHENTICATION, "relay key expired"));
        }
        if (!key.allowsService(request.service())) {
            return Optional.of(RelayError.of(ErrorKind.PERMISSION,
                    "relay key may not use the " + request.service().wireName() + " service"));
        }
        if (!key.allowsModel(request.model())) {
            return Optional.of(RelayError.of(ErrorKind.PERMISSION,
                    "relay key may not use model " + request.model()));
        }
        if (!key.allowedClients().isEmpty()
                && !request.clientId().map(key.allowedClients()::contains).orElse(false)) {
            String seen = request.clientId().orElse("an unrecognised client");
            return Optional.of(RelayError.of(ErrorKind.PERMISSION, "relay key may not be used from " + seen));
        }
        return Optional.empty();
    }

    /** One admitted request of one key, holding the key's concurrency slot until closed once. */
    private static final class SlotLease implements KeyLease {
        private final RelayKey key;
        private final AtomicInteger slots;
        private final AtomicBoolean released = new AtomicBoolean();

        SlotLease(RelayKey key, AtomicInteger slots) {
            this.key = key;
            this.slots = slots;
        }

        @Override
        public RelayKey key() {
            return key;
        }

        @Override
        public void settle(TokenUsage used, double costUsd) {
            // Token and cost limits are not counted by this class yet.
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                slots.decrementAndGet();
            }
        }
    }
}
