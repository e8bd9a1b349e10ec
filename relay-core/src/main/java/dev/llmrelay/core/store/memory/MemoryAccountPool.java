package dev.llmrelay.core.store.memory;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountLease;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountQuery;
import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.core.store.Unavailability;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The account pool of one relay process, in memory.
 *
 * <p>{@link #acquire} chooses, takes a concurrency slot, stamps {@code lastUsedAt} and binds the session under
 * one lock held for a few microseconds. A conversation's session key sticks to its account for
 * {@link #STICKY_SESSION_TTL} after its last request, as long as that account can still serve it.
 */
public final class MemoryAccountPool implements AccountPool {

    /** How long a session stays bound to its account after its last request. */
    public static final Duration STICKY_SESSION_TTL = Duration.ofHours(1);

    private static final Duration STICKY_SWEEP_INTERVAL = Duration.ofMinutes(1);

    private static final Comparator<Account> SCHEDULING_ORDER = Comparator
            .comparingInt(Account::priority)
            .thenComparing(account -> account.lastUsedAt().orElse(Instant.MIN))
            .thenComparing(Account::id);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Account> accounts = new HashMap<>();
    private final Map<String, AtomicInteger> inFlight = new HashMap<>();
    private final Map<String, StickySession> stickySessions = new HashMap<>();
    private Instant nextStickySweep = Instant.MIN;

    public MemoryAccountPool(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AccountSelection acquire(AccountQuery query) {
        Objects.requireNonNull(query, "query");
        lock.lock();
        try {
            Instant now = clock.instant();
            sweepStickySessions(now);
            List<Account> candidates = new ArrayList<>();
            for (Account account : accounts.values()) {
                if (query.admits(account) && isSchedulable(account, now)) {
                    candidates.add(account);
                }
            }
            if (candidates.isEmpty()) {
                return Unavailability.of(query, accounts.values(), now);
            }
            Account chosen = stickyChoice(query, candidates, now)
                    .orElseGet(() -> candidates.stream().min(SCHEDULING_ORDER).orElseThrow());
            Account stamped = chosen.withLastUsedAt(now);
            accounts.put(stamped.id(), stamped);
            AtomicInteger slots = inFlight.get(stamped.id());
            slots.incrementAndGet();
            query.sessionKey().ifPresent(session ->
                    stickySessions.put(session, new StickySession(stamped.id(), now.plus(STICKY_SESSION_TTL))));
            return new AccountSelection.Leased(new SlotLease(stamped, slots));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void updateStatus(String accountId, AccountStatus status) {
        Objects.requireNonNull(status, "status");
        lock.lock();
        try {
            accounts.computeIfPresent(accountId, (id, account) -> account.withStatus(status));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void updateCredential(String accountId, Credential credential) {
        Objects.requireNonNull(credential, "credential");
        lock.lock();
        try {
            accounts.computeIfPresent(accountId, (id, account) -> account.withCredential(credential));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Account> list() {
        lock.lock();
        try {
            return List.copyOf(accounts.values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Account> find(String accountId) {
        lock.lock();
        try {
            return Optional.ofNullable(accounts.get(accountId));
        } finally {
            lock.unlock();
        }
    }

    /** Creates or replaces the account; leases held on a replaced account keep counting against it. */
    @Override
    public void save(Account account) {
        Objects.requireNonNull(account, "account");
        lock.lock();
        try {
            accounts.put(account.id(), account);
            inFlight.computeIfAbsent(account.id(), id -> new AtomicInteger());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean updateSettings(Account account) {
        Objects.requireNonNull(account, "account");
        lock.lock();
        try {
            Account current = accounts.get(account.id());
            if (current == null) {
                return false;
            }
            accounts.put(account.id(), account.withCredential(current.credential()));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean delete(String accountId) {
        lock.lock();
        try {
            inFlight.remove(accountId);
            stickySessions.values().removeIf(session -> session.accountId().equals(accountId));
            return accounts.remove(accountId) != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int inFlight(String accountId) {
        lock.lock();
        try {
            AtomicInteger slots = inFlight.get(accountId);
            return slots == null ? 0 : slots.get();
        } finally {
            lock.unlock();
        }
    }

    private boolean isSchedulable(Account account, Instant now) {
        return account.schedulable() && account.status().isAvailableAt(now) && hasFreeSlot(account);
    }

    private boolean hasFreeSlot(Account account) {
        return account.maxConcurrency() == 0 || inFlight.get(account.id()).get() < account.maxConcurrency();
    }

    private Optional<Account> stickyChoice(AccountQuery query, List<Account> candidates, Instant now) {
        if (query.sessionKey().isEmpty()) {
            return Optional.empty();
        }
        StickySession session = stickySessions.get(query.sessionKey().get());
        if (session == null || !now.isBefore(session.expiresAt())) {
            return Optional.empty();
        }
        return candidates.stream().filter(account -> account.id().equals(session.accountId())).findFirst();
    }

    private void sweepStickySessions(Instant now) {
        if (now.isBefore(nextStickySweep)) {
            return;
        }
        stickySessions.values().removeIf(session -> !now.isBefore(session.expiresAt()));
        nextStickySweep = now.plus(STICKY_SWEEP_INTERVAL);
    }

    /** A conversation bound to the account that served it last, until {@code expiresAt}. */
    private record StickySession(String accountId, Instant expiresAt) {
    }

    /** One concurrency slot of one account, given back once. */
    private static final class SlotLease implements AccountLease {
        private final Account account;
        private final AtomicInteger slots;
        private final AtomicBoolean released = new AtomicBoolean();

        SlotLease(Account account, AtomicInteger slots) {
            this.account = account;
            this.slots = slots;
        }

        @Override
        public Account account() {
            return account;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                slots.decrementAndGet();
            }
        }
    }
}
