package dev.llmrelay.core.store.memory;

import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.contract.AccountPoolContract;
import dev.llmrelay.core.store.contract.KeyLimitsContract;
import dev.llmrelay.core.store.contract.KeyPolicyContract;
import dev.llmrelay.core.store.contract.OnboardingSessionContract;
import dev.llmrelay.core.store.contract.RefreshLockContract;
import dev.llmrelay.core.store.contract.StoreContentsContract;
import dev.llmrelay.core.store.contract.UsageMeterContract;
import org.junit.jupiter.api.Nested;

/** The store contract, held by the in-memory store. */
class MemoryStoreTest {

    static RelayStore open(MutableClock clock) {
        return RelayStore.inMemory(clock);
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
    }
}
