package dev.llmrelay.core.store.contract;

import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * Every store contract, for one kind of store: extend it with a way to open an empty store, and each contract
 * runs against that store as a nested class of the extending test.
 */
public abstract class StoreContractSuite {
    /** How long a lock or a sign-in session lives when the store expires them by its own, real clock. */
    private static final Duration REAL_TIME_LIFE = Duration.ofMillis(150);

    /** Opens an empty store of the kind under test, on this clock. */
    protected abstract RelayStore open(MutableClock clock);

    /**
     * Whether the store expires refresh locks and sign-in sessions by its own clock (Redis does, by key time to
     * live) rather than the one it was given: the contracts then wait for real, on lives of a fraction of a second.
     */
    protected boolean expiresByItsOwnClock() {
        return false;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Nested
    public class Accounts extends AccountPoolContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    public class Keys extends KeyPolicyContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    public class Limits extends KeyLimitsContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    public class Usage extends UsageMeterContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    public class RefreshLocks extends RefreshLockContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }

        @Override
        protected void letPass(Duration duration) {
            if (expiresByItsOwnClock()) {
                sleep(duration);
            } else {
                super.letPass(duration);
            }
        }

        @Override
        protected Duration shortTtl() {
            return expiresByItsOwnClock() ? REAL_TIME_LIFE : super.shortTtl();
        }
    }

    @Nested
    public class Contents extends StoreContentsContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    public class SignInSessions extends OnboardingSessionContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }

        @Override
        protected void letPass(Duration duration) {
            if (expiresByItsOwnClock()) {
                sleep(duration);
            } else {
                super.letPass(duration);
            }
        }

        @Override
        protected Duration shortLife() {
            return expiresByItsOwnClock() ? REAL_TIME_LIFE : super.shortLife();
        }
    }
}
