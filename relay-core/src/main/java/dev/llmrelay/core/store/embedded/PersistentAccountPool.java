package dev.llmrelay.core.store.embedded;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountQuery;
import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import java.util.List;
import java.util.Optional;

/**
 * An account pool that keeps {@code accounts.json} up to date: every change of an account is on disk when
 * the call returns; the last-use time an {@link #acquire} stamps is written within a second.
 */
final class PersistentAccountPool implements AccountPool {
    private final AccountPool memory;
    private final SnapshotFile file;

    PersistentAccountPool(AccountPool memory, SnapshotFile file) {
        this.memory = memory;
        this.file = file;
    }

    @Override
    public AccountSelection acquire(AccountQuery query) {
        AccountSelection selection = memory.acquire(query);
        if (selection instanceof AccountSelection.Leased) {
            file.markChanged();
        }
        return selection;
    }

    @Override
    public void updateStatus(String accountId, AccountStatus status) {
        memory.updateStatus(accountId, status);
        file.write();
    }

    @Override
    public void updateCredential(String accountId, Credential credential) {
        memory.updateCredential(accountId, credential);
        file.write();
    }

    @Override
    public List<Account> list() {
        return memory.list();
    }

    @Override
    public Optional<Account> find(String accountId) {
        return memory.find(accountId);
    }

    @Override
    public void save(Account account) {
        memory.save(account);
        file.write();
    }

    @Override
    public boolean updateSettings(Account account) {
        boolean existed = memory.updateSettings(account);
        if (existed) {
            file.write();
        }
        return existed;
    }

    @Override
    public boolean delete(String accountId) {
        boolean existed = memory.delete(accountId);
        if (existed) {
            file.write();
        }
        return existed;
    }

    @Override
    public int inFlight(String accountId) {
        return memory.inFlight(accountId);
    }
}
