package dev.llmrelay.api.key;

/**
 * A key admitted for one request. It holds the key's concurrency slot, if the key has a concurrency limit,
 * until {@link #close()}; closing twice is harmless, and a store expires a lease whose holder died.
 */
public interface KeyLease extends AutoCloseable {

    /** The key as it was when admitted. */
    RelayKey key();

    @Override
    void close();
}
