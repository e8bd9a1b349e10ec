package dev.llmrelay.api.account;

/**
 * An account taken for one request, holding one of its concurrency slots until {@link #close()}.
 * Closing twice is harmless; a store may also expire a lease whose holder died.
 */
public interface AccountLease extends AutoCloseable {

    /** The account as it was when taken. */
    Account account();

    /** Gives the concurrency slot back. */
    @Override
    void close();
}
