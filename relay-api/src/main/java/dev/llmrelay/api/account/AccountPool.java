package dev.llmrelay.api.account;

import java.util.List;
import java.util.Optional;

/**
 * The upstream accounts and the choice among them.
 *
 * <p>{@link #acquire} is the one check-and-take: it picks an account (sticky session first, then smallest
 * priority, then least recently used, skipping unhealthy accounts and those at their concurrency), takes a
 * concurrency slot, stamps {@code lastUsedAt} and binds the session, atomically with respect to every other
 * caller, including other relay nodes sharing the same store.
 */
public interface AccountPool {

    /** Chooses and leases an account for {@code query}, or says why none can serve. */
    AccountSelection acquire(AccountQuery query);

    /** Records what the relay learnt about an account's health (a 429 until a time, a revoked token). */
    void updateStatus(String accountId, AccountStatus status);

    /** Replaces an account's credential, for token refresh; other fields stay as they are. */
    void updateCredential(String accountId, Credential credential);

    /** Every account, in no promised order. */
    List<Account> list();

    Optional<Account> find(String accountId);

    /** Creates or replaces the account with this id. */
    void save(Account account);

    /**
     * Replaces an existing account's settings, keeping the credential it holds at that moment: a change that
     * does not touch the credential must not undo a token refresh that happened since the account was read.
     * Answers whether the account existed. The default reads and saves; stores make it one atomic step.
     */
    default boolean updateSettings(Account account) {
        Optional<Account> current = find(account.id());
        current.ifPresent(stored -> save(account.withCredential(stored.credential())));
        return current.isPresent();
    }

    /** Removes the account; answers whether it existed. */
    boolean delete(String accountId);

    /** Requests in flight on the account right now (leases held). */
    int inFlight(String accountId);
}
