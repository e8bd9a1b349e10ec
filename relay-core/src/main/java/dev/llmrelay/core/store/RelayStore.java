package dev.llmrelay.core.store;

import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.CredentialRefreshLocks;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.core.oauth.OnboardingSessions;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.core.store.memory.MemoryAccountPool;
import dev.llmrelay.core.store.memory.MemoryKeyPolicy;
import dev.llmrelay.core.store.memory.MemoryOnboardingSessions;
import dev.llmrelay.core.store.memory.MemoryRefreshLocks;
import dev.llmrelay.core.store.memory.MemoryUsageMeter;
import java.time.Clock;

/**
 * The three SPI parts one backend provides (accounts, keys, usage), opened together and closed together.
 * The host builds one at start and closes it at stop, after the last request has recorded its usage.
 */
public interface RelayStore extends AutoCloseable {

    AccountPool accounts();

    KeyPolicy keys();

    UsageMeter usage();

    /** Everything this store holds, for an export: accounts with their health, keys as hashes, usage per hour. */
    StoreContents contents();

    /**
     * Takes in another store's contents: accounts and keys replace those with the same id, usage adds to the
     * totals and counts towards the budgets of the keys it belongs to.
     *
     * @throws IllegalArgumentException when a key's hash belongs to another key of this store
     */
    void load(StoreContents contents);

    /**
     * The locks that let one holder at a time refresh an account's OAuth tokens: across every node sharing this
     * store, for a store that many nodes share.
     */
    CredentialRefreshLocks refreshLocks();

    /**
     * The OAuth sign-ins under way (started through the admin API, not yet finished): shared by every node sharing
     * this store, so a finish may reach any of them. Their secrets (the PKCE verifier, a device code) are
     * encrypted with {@link #cipher()} wherever the store keeps them outside the process.
     */
    OnboardingSessions onboardingSessions();

    /** The cipher this store encrypts upstream credentials with; exports are encrypted with it too. */
    CredentialCipher cipher();

    /** Whether the store answers now: the health check's question. */
    default boolean answers() {
        accounts().list();
        return true;
    }

    /** Flushes what the store still holds and releases its resources; calling it again does nothing. */
    @Override
    void close();

    /** A store that keeps everything in memory and forgets it at exit: for tests and throwaway relays. */
    static RelayStore inMemory(Clock clock) {
        return new InMemoryRelayStore(new MemoryAccountPool(clock), new MemoryKeyPolicy(clock), new MemoryUsageMeter(),
                new MemoryRefreshLocks(clock), new MemoryOnboardingSessions(clock), CredentialCipher.random());
    }
}
