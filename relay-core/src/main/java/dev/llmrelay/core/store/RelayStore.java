package dev.llmrelay.core.store;

import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.core.store.memory.MemoryAccountPool;
import dev.llmrelay.core.store.memory.MemoryKeyPolicy;
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

    /** Flushes what the store still holds and releases its resources; calling it again does nothing. */
    @Override
    void close();

    /** A store that keeps everything in memory and forgets it at exit: for tests and throwaway relays. */
    static RelayStore inMemory(Clock clock) {
        return new InMemoryRelayStore(
                new MemoryAccountPool(clock), new MemoryKeyPolicy(clock), new MemoryUsageMeter());
    }
}
