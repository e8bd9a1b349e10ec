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
 * none already tried by this request, and one the requesting client may use.
 *
 * @param clientId the recognised client ({@code claude-code}, ...; {@code unknown} when none is recognised),
 *     which Claude subscription accounts check; empty when the caller does not restrict by client
 */
public record AccountQuery(
        Set<Platform> platforms,
        Set<Protocol> protocols,
        String model,
        Optional<String> boundAccountId,
        Optional<String> boundGroup,
        Optional<String> sessionKey,
        Set<String> excludedAccountIds,
        Optional<String> clientId) {

    /** The one client Anthropic lets use a Claude subscription's tokens. */
    public static final String CLAUDE_CODE = "claude-code";

    public AccountQuery {
        platforms = Set.copyOf(platforms);
        protocols = Set.copyOf(protocols);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(boundAccountId, "boundAccountId");
        Objects.requireNonNull(boundGroup, "boundGroup");
        Objects.requireNonNull(sessionKey, "sessionKey");
        excludedAccountIds = Set.copyOf(excludedAccountIds);
        Objects.requireNonNull(clientId, "clientId");
    }

    /** A query that does not restrict by client. */
    public AccountQuery(Set<Platform> platforms, Set<Protocol> protocols, String model, Optional<String> boundAccountId,
                        Optional<String> boundGroup, Optional<String> sessionKey, Set<String> excludedAccountIds) {
        this(platforms, protocols, model, boundAccountId, boundGroup, sessionKey, excludedAccountIds,
                Optional.empty());
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
        return new AccountQuery(platforms, protocols, model, boundAccountId, boundGroup, sessionKey, excluded,
                clientId);
    }

    /** The same query with no account excluded. */
    public AccountQuery withoutExclusions() {
        return new AccountQuery(platforms, protocols, model, boundAccountId, boundGroup, sessionKey, Set.of(),
                clientId);
    }

    /** The same query for a request from {@code client} (a recognised client id, or {@code unknown}). */
    public AccountQuery fromClient(String client) {
        return new AccountQuery(platforms, protocols, model, boundAccountId, boundGroup, sessionKey,
                excludedAccountIds, Optional.of(client));
    }

    /** The same query whatever the client. */
    public AccountQuery anyClient() {
        return new AccountQuery(platforms, protocols, model, boundAccountId, boundGroup, sessionKey,
                excludedAccountIds, Optional.empty());
    }

    /**
     * Whether the requesting client may use {@code account}: a Claude subscription account serves Claude Code
     * only, since Anthropic refuses its tokens to other clients (and would count the refusal against the
     * account); the relay does not disguise one client as another.
     */
    public boolean clientMayUse(Account account) {
        return clientId.isEmpty() || !account.isClaudeSubscription() || clientId.get().equals(CLAUDE_CODE);
    }

    /** Whether {@code account} matches this query's platform, model and binding (health aside). */
    public boolean admits(Account account) {
        return platforms.contains(account.platform())
                && (protocols.isEmpty() || account.protocols().stream().anyMatch(protocols::contains))
                && !excludedAccountIds.contains(account.id())
                && boundAccountId.map(account.id()::equals).orElse(true)
                && boundGroup.map(account.groups()::contains).orElse(true)
                && account.serves(model)
                && clientMayUse(account);
    }
}
