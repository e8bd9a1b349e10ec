package dev.llmrelay.core.store;

import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.usage.UsageMeter;

/** The in-memory store: nothing to flush or release on close. */
record InMemoryRelayStore(AccountPool accounts, KeyPolicy keys, UsageMeter usage) implements RelayStore {

    @Override
    public void close() {
        // Memory holds nothing that outlives the process.
    }
}
