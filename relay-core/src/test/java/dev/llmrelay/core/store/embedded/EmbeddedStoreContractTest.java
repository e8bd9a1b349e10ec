package dev.llmrelay.core.store.embedded;

import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.contract.StoreContractSuite;
import dev.llmrelay.core.store.format.CredentialCipher;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, held by the embedded store, each test in a data directory of its own. */
class EmbeddedStoreContractTest extends StoreContractSuite {
    @TempDir
    Path dataDirs;

    @Override
    protected RelayStore open(MutableClock clock) {
        Path dir = dataDirs.resolve(UUID.randomUUID().toString());
        return EmbeddedStore.open(dir, Optional.of(CredentialCipher.newBase64Key(new SecureRandom())), clock);
    }
}
