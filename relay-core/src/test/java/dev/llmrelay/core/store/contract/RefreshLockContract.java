package dev.llmrelay.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.account.CredentialRefreshLocks;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store's refresh locks do: one holder per account at a time (across nodes for a shared store), freed
 * by its holder or by its time to live, never by a holder whose lock has expired.
 */
public abstract class RefreshLockContract {
    protected final MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");
    private RelayStore store;
    private CredentialRefreshLocks locks;

    /** Opens an empty store of the kind under test, on this clock. */
    protected abstract RelayStore openStore(MutableClock clock);

    /**
     * Lets {@code duration} pass for the store's locks: the clock's for a store that reads it, real time for one
     * that keeps time itself (Redis expires keys by its own clock).
     */
    protected void letPass(Duration duration) {
        clock.advance(duration);
    }

    /** A lock time to live the store keeps to the millisecond, short enough that {@link #letPass} can outlive it. */
    protected Duration shortTtl() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    public void openTheStore() {
        store = openStore(clock);
        locks = store.refreshLocks();
    }

    @AfterEach
    public void closeTheStore() {
        store.close();
    }

    @Test
    public void anAccountsLockHasOneHolderUntilItIsClosed() {
        Optional<CredentialRefreshLocks.Held> first = locks.tryLock("acc_a", Duration.ofSeconds(30));

        assertThat(first).isPresent();
        assertThat(locks.tryLock("acc_a", Duration.ofSeconds(30))).isEmpty();
        first.get().close();
        assertThat(locks.tryLock("acc_a", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    public void eachAccountHasALockOfItsOwn() {
        assertThat(locks.tryLock("acc_a", Duration.ofSeconds(30))).isPresent();

        assertThat(locks.tryLock("acc_b", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    public void aLockWhoseHolderNeverClosesItFreesAfterItsTimeToLive() {
        assertThat(locks.tryLock("acc_a", shortTtl())).isPresent();

        letPass(shortTtl().plusMillis(50));

        assertThat(locks.tryLock("acc_a", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    public void aHolderWhoseLockExpiredDoesNotFreeTheNextHoldersLock() {
        CredentialRefreshLocks.Held late = locks.tryLock("acc_a", shortTtl()).orElseThrow();
        letPass(shortTtl().plusMillis(50));
        CredentialRefreshLocks.Held next = locks.tryLock("acc_a", Duration.ofSeconds(30)).orElseThrow();

        late.close();

        assertThat(locks.tryLock("acc_a", Duration.ofSeconds(30))).isEmpty();
        next.close();
    }

    @Test
    public void ofManyRacingThreadsExactlyOneTakesTheLock() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                tries.add(pool.submit(() -> {
                    start.await();
                    return locks.tryLock("acc_a", Duration.ofSeconds(30)).isPresent();
                }));
            }
            start.countDown();
            int taken = 0;
            for (Future<Boolean> attempt : tries) {
                taken += attempt.get() ? 1 : 0;
            }
            assertThat(taken).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
