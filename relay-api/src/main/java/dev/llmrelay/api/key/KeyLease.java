package dev.llmrelay.api.key;

import dev.llmrelay.api.usage.TokenUsage;

/**
 * A key admitted for one request. It holds the key's concurrency slot, if the key has a concurrency limit,
 * until {@link #close()}; closing twice is harmless, and a store expires a lease whose holder died.
 */
public interface KeyLease extends AutoCloseable {

    /** The key as it was when admitted. */
    RelayKey key();

    /**
     * Counts what the answer really used against the key's token and cost limits. Called at most once, when
     * the answer has ended (a stream cut short counts what it used so far), before {@link #close()}.
     */
    void settle(TokenUsage used, double costUsd);

    @Override
    void close();
}
