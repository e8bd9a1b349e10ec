package dev.llmrelay.api.account;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.protocol.Protocol;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the request needs from an account: one of these platforms, speaking one of these protocols (empty:
 * any), serving this model, within the key's binding, preferring the account its conversation last used,
 * and none already tried by this request.
 */
public record AccountQuery(
        Set<Platform> platforms,
        Set<Protocol> protocols,
        String model,
        Optional<String> boundAccountId,
        Optional<String> boundGroup,
        Optional<String> sessionKey,
        Set<String> excludedAccountIds) {

    public AccountQuery {
        platforms = Set.copyOf(platforms);
        protocols = Set.copyOf(protocols);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(boundAccountId, "boundAccountId");
        Objects.requireNonNull(boundGroup, "boundGroup");
        Objects.requireNonNull(sessionKey, "sessionKey");
        excludedAccountIds = Set.copyOf(excludedAccountIds);
    }

    /** A query for any protocol the platforms speak. */
    public AccountQuery(Set<Platform> platforms, String model, Optional<String> boundAccountId,
                        Optional<String> boundGroup, Optional<String> sessionKey, Set<String> excludedAccountIds) {
        this(platforms, Set.of(), model, boundAccountId, boundGroup, sessionKey, excludedAccountIds);
    }

    /** The same query with one more account excluded, after it failed this request. */
    public AccountQuery excluding(String accountId) {
        var excluded = new HashSet<>(excludedAccountIds);
        excluded.add(accountId);
        return new AccountQuery(platforms, protocols, model, boundAccountId, boundGroup, sessionKey, excluded);
    }

    /** The same query with no account excluded. */
    public AccountQuery withoutExclusions() {
        return new AccountQuery(platforms, protocols, model, boundAccountId, boundGroup, sessionKey, Set.of());
    }

    /** Whether {@code account} matches this query's platform, model and binding (health aside). */
    public boolean admits(Account account) {
        return platforms.contains(account.platform())
                && (protocols.isEmpty() || account.protocols().stream().anyMatch(protocols::contains))
                && !excludedAccountIds.contains(account.id())
                && boundAccountId.map(account.id()::equals).orElse(true)
                && boundGroup.map(account.groups()::contains).orElse(true)
                && account.serves(model);
    }
}
