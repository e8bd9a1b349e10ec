package dev.llmrelay.api.account;

import java.time.Duration;
import java.util.Optional;

/**
 * One holder at a time may refresh an account's OAuth credential, across every relay node sharing the store, so
 * that a single-use refresh token is spent once and every other request uses what that refresh stored.
 *
 * <p>The algorithm (who waits, who re-reads the credential) lives in the engine; a store supplies only this
 * lock. A lock whose holder dies frees itself after its time to live.
 */
public interface CredentialRefreshLocks {

    /** Takes the refresh lock of {@code accountId} for at most {@code ttl}, or answers empty while another holds it. */
    Optional<Held> tryLock(String accountId, Duration ttl);

    /** A refresh lock held; closing it frees it unless it has expired and another holder took it since. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
