package dev.llmrelay.core.store;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.key.RelayKey;
import java.util.List;

/**
 * Everything a store holds that outlives a request: the accounts (with their health and last use), the keys
 * (as hashes) and the usage per hour. What moves from one store to another, e.g. from the embedded store of
 * one node to the Redis of many.
 */
public record StoreContents(List<Account> accounts, List<RelayKey> keys, List<HourlyUsage> usage) {
    public StoreContents {
        accounts = List.copyOf(accounts);
        keys = List.copyOf(keys);
        usage = List.copyOf(usage);
    }
}
