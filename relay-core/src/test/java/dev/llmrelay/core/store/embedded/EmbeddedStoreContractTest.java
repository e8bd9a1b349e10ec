package dev.llmrelay.core.store.embedded;

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
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, held by the embedded store, each test in a data directory of its own. */
class EmbeddedStoreContractTest {
    @TempDir
    Path dataDirs;

    RelayStore open(MutableClock clock) {
        Path dir = dataDirs.resolve(UUID.randomUUID().toString());
        return EmbeddedStore.open(dir, Optional.of(CredentialCipher.newBase64Key(new SecureRandom())), clock);
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
