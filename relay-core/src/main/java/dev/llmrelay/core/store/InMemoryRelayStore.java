package dev.llmrelay.core.store;

import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.core.store.memory.MemoryOnboardingSessions;
import dev.llmrelay.core.store.memory.MemoryAccountPool;
import dev.llmrelay.core.store.memory.MemoryKeyPolicy;
import dev.llmrelay.core.store.memory.MemoryRefreshLocks;
import dev.llmrelay.core.store.memory.MemoryUsageMeter;

/** The in-memory store: nothing to flush or release on close. */
record InMemoryRelayStore(MemoryAccountPool accounts, MemoryKeyPolicy keys, MemoryUsageMeter usage,
                          MemoryRefreshLocks refreshLocks, MemoryOnboardingSessions onboardingSessions,
                          CredentialCipher cipher) implements RelayStore {

    @Override
    public StoreContents contents() {
        return new StoreContents(accounts.list(), keys.list(), usage.hourlyUsage());
    }

    @Override
    public void load(StoreContents contents) {
        contents.accounts().forEach(accounts::save);
        contents.keys().forEach(keys::save);
        for (HourlyUsage hour : contents.usage()) {
            usage.add(hour);
            keys.countPastSpend(hour.keyId(), hour.hour(), hour.costUsd());
        }
    }

    @Override
    public void close() {
        // Memory holds nothing that outlives the process.
    }
}
