package dev.llmrelay.redis;

import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.contract.AccountPoolContract;
import dev.llmrelay.core.store.contract.KeyLimitsContract;
import dev.llmrelay.core.store.contract.KeyPolicyContract;
import dev.llmrelay.core.store.contract.OnboardingSessionContract;
import dev.llmrelay.core.store.contract.RefreshLockContract;
import dev.llmrelay.core.store.contract.StoreContentsContract;
import dev.llmrelay.core.store.contract.UsageMeterContract;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The store contract, held by the Redis store on a real redis-server, each test under a prefix of its own. */
class RedisStoreTest {

    static RelayStore open(MutableClock clock) {
        TestRedis redis = TestRedis.shared();
        return RedisStore.open(redis.client(), CredentialCipher.random(), clock,
                RedisStore.Options.DEFAULTS.withPrefix(TestRedis.newPrefix()));
    }

    @Nested
    class Accounts extends AccountPoolContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class Keys extends KeyPolicyContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class Limits extends KeyLimitsContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class Usage extends UsageMeterContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class RefreshLocks extends RefreshLockContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }

        /** Redis expires a lock by its own clock: this waits for real, on a lock of a fraction of a second. */
        @Override
        protected void letPass(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected Duration shortTtl() {
            return Duration.ofMillis(150);
        }
    }

    @Nested
    class Contents extends StoreContentsContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class SignInSessions extends OnboardingSessionContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }

        /** Redis expires a session by its own clock: this waits for real, on a session of a fraction of a second. */
        @Override
        protected void letPass(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected Duration shortLife() {
            return Duration.ofMillis(150);
        }
    }
}
