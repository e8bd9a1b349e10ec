package dev.llmrelay.core.store.memory;

import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.contract.StoreContractSuite;

/** The store contract, held by the in-memory store. */
class MemoryStoreTest extends StoreContractSuite {

    @Override
    protected RelayStore open(MutableClock clock) {
        return RelayStore.inMemory(clock);
    }
}
