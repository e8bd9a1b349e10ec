package dev.llmrelay.core.store.memory;

import dev.llmrelay.api.account.CredentialRefreshLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The refresh locks of one relay process: one holder per account, until it closes its lock or the lock expires. */
public final class MemoryRefreshLocks implements CredentialRefreshLocks {
    private final Clock clock;
    private final ConcurrentMap<String, Holder> held = new ConcurrentHashMap<>();

    public MemoryRefreshLocks(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Who holds an account's lock, until when. Compared by identity: a new holder is another object. */
    private static final class Holder {
        private final Instant expiresAt;

        Holder(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }
    }

    @Override
    public Optional<Held> tryLock(String accountId, Duration ttl) {
        Objects.requireNonNull(accountId, "accountId");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a refresh lock's time to live must be positive");
        }
        Instant now = clock.instant();
        Holder mine = new Holder(now.plus(ttl));
        Holder winner = held.compute(accountId, (id, current) ->
                current == null || !now.isBefore(current.expiresAt) ? mine : current);
        if (winner != mine) {
            return Optional.empty();
        }
        return Optional.of(() -> held.remove(accountId, mine));
    }
}
