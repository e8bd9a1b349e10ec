package dev.llmrelay.core.oauth;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.account.CredentialRefreshLocks;
import dev.llmrelay.core.upstream.UpstreamClients;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps subscription accounts' access tokens fresh: refreshes a token that expires within the margin before it is
 * used, and a token the upstream refused, once.
 *
 * <p>One refresh per account at a time, everywhere: requests of this process that need the same account's refresh
 * wait for the one under way and use its result; across nodes, the store's {@link CredentialRefreshLocks} lets one
 * node refresh while the others re-read the account until its new tokens are stored. The rotated refresh token is
 * stored before the lock is freed, so nothing can spend the old one again. A refresh token the provider refuses
 * marks the account unauthorized with the provider's reason.
 */
public final class TokenRefresher {
    private static final Logger log = LoggerFactory.getLogger(TokenRefresher.class);

    private final AccountPool pool;
    private final CredentialRefreshLocks locks;
    private final OAuthProviders providers;
    private final TokenEndpoint endpoint;
    private final UpstreamClients clients;
    private final Clock clock;
    private final Settings settings;
    private final ConcurrentMap<String, CompletableFuture<Refresh>> underWay = new ConcurrentHashMap<>();

    /**
     * How refreshes are timed.
     *
     * @param margin a token that expires within this is refreshed before it is used
     * @param lockTtl the longest one refresh may hold an account's lock (a token call has 30 s)
     * @param pollInterval how often a node waiting for another's refresh re-reads the account
     */
    public record Settings(Duration margin, Duration lockTtl, Duration pollInterval) {
        /** Five minutes' margin, a 45 s lock, a re-read every 100 ms. */
        public static final Settings DEFAULTS = new Settings(Duration.ofMinutes(5), Duration.ofSeconds(45),
                Duration.ofMillis(100));

        public Settings {
            Objects.requireNonNull(margin, "margin");
            Objects.requireNonNull(lockTtl, "lockTtl");
            Objects.requireNonNull(pollInterval, "pollInterval");
        }
    }

    public TokenRefresher(AccountPool pool, CredentialRefreshLocks locks, OAuthProviders providers,
                          TokenEndpoint endpoint, UpstreamClients clients, Clock clock, Settings settings) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.providers = Objects.requireNonNull(providers, "providers");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** How making an account's credential usable went. */
    public sealed interface Refresh {
        /** The account with the credential to use: as it was, or refreshed (here or by another request or node). */
        record Usable(Account account) implements Refresh {
        }

        /**
         * No usable credential.
         *
         * @param refused true when the provider refused the refresh token (the account is now unauthorized);
         *     false when the token endpoint could not be asked, which another try may get past
         */
        record Failed(boolean refused, String why) implements Refresh {
        }
    }

    /** The account ready for a call: refreshed first when its access token expires within the margin. */
    public Refresh beforeCall(Account leased) {
        if (!(leased.credential() instanceof Credential.OAuthTokens tokens) || !expiresSoon(tokens)
                || !canRefresh(leased)) {
            return new Refresh.Usable(leased);
        }
        return refresh(leased, tokens, false);
    }

    /** The account after its upstream refused the access token it was called with: refreshed once, if it can be. */
    public Refresh afterRejection(Account called) {
        if (!(called.credential() instanceof Credential.OAuthTokens tokens)) {
            return new Refresh.Failed(false, "the account has no OAuth tokens to refresh");
        }
        return refresh(called, tokens, true);
    }

    /** Whether the account's tokens can be refreshed at all: a refresh token and a provider that takes it. */
    public boolean canRefresh(Account account) {
        return account.credential() instanceof Credential.OAuthTokens tokens && tokens.refreshToken().isPresent()
                && providers.find(account.platform()).isPresent();
    }

    private Refresh refresh(Account leased, Credential.OAuthTokens used, boolean rejected) {
        String id = leased.id();
        Optional<Refresh> settled = settledInStore(id, used, rejected);
        if (settled.isPresent()) {
            return settled.get();
        }
        var mine = new CompletableFuture<Refresh>();
        CompletableFuture<Refresh> running = underWay.putIfAbsent(id, mine);
        if (running != null) {
            return running.join();
        }
        try {
            Refresh result = refreshAcrossNodes(id, used, rejected);
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            underWay.remove(id, mine);
        }
    }

    /** What the store holds now, if it settles the matter: another refresh stored new tokens, or refused for good. */
    private Optional<Refresh> settledInStore(String id, Credential.OAuthTokens used, boolean rejected) {
        Optional<Account> stored = pool.find(id);
        if (stored.isEmpty()) {
            return Optional.of(new Refresh.Failed(false, "the account was deleted"));
        }
        Account current = stored.get();
        if (!(current.credential() instanceof Credential.OAuthTokens tokens)) {
            return Optional.of(new Refresh.Usable(current));
        }
        boolean replaced = !tokens.accessToken().equals(used.accessToken());
        if (replaced && !expiresSoon(tokens)) {
            return Optional.of(new Refresh.Usable(current));
        }
        if (current.status().state() == AccountState.UNAUTHORIZED && !replaced) {
            return Optional.of(new Refresh.Failed(true, current.status().reason().orElse("the account is unauthorized")));
        }
        if (!canRefresh(current)) {
            return Optional.of(rejected
                    ? new Refresh.Failed(true, "the upstream refused the access token and the account has no refresh "
                            + "token; give it new tokens")
                    : new Refresh.Usable(current));
        }
        if (!rejected && !expiresSoon(tokens)) {
            return Optional.of(new Refresh.Usable(current));
        }
        return Optional.empty();
    }

    private Refresh refreshAcrossNodes(String id, Credential.OAuthTokens used, boolean rejected) {
        long deadline = System.nanoTime() + settings.lockTtl().toNanos();
        while (true) {
            Optional<CredentialRefreshLocks.Held> lock = locks.tryLock(id, settings.lockTtl());
            if (lock.isPresent()) {
                try {
                    // Re-read under the lock: the refresh this node waited for may have stored new tokens already.
                    Optional<Refresh> settled = settledInStore(id, used, rejected);
                    return settled.orElseGet(() -> callTokenEndpoint(pool.find(id).orElseThrow()));
                } finally {
                    lock.get().close();
                }
            }
            Optional<Refresh> settled = settledInStore(id, used, rejected);
            if (settled.isPresent()) {
                return settled.get();
            }
            if (System.nanoTime() > deadline) {
                return new Refresh.Failed(false, "another relay node has been refreshing the account's tokens for "
                        + settings.lockTtl().toSeconds() + " s");
            }
            try {
                Thread.sleep(settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Refresh.Failed(false, "interrupted while waiting for another node's refresh");
            }
        }
    }

    private Refresh callTokenEndpoint(Account account) {
        var tokens = (Credential.OAuthTokens) account.credential();
        OAuthProvider provider = providers.find(account.platform()).orElseThrow();
        TokenAnswer answer;
        try {
            answer = endpoint.refresh(provider, clients.forAccount(account), tokens.refreshToken().orElseThrow(),
                    tokens.accountId());
        } catch (IllegalArgumentException badProxy) {
            return new Refresh.Failed(false, "the account's proxy is not usable: " + badProxy.getMessage());
        }
        return switch (answer) {
            case TokenAnswer.Granted granted -> {
                TokenGrant grant = granted.grant();
                Credential.OAuthTokens next = tokens.refreshedTo(grant.accessToken(), grant.refreshToken(),
                        grant.expiresAt(), grant.accountId());
                pool.updateCredential(account.id(), next);
                log.info("refreshed the OAuth tokens of account {}; they expire at {}", account.id(),
                        next.expiresAt().map(Object::toString).orElse("(not said)"));
                yield new Refresh.Usable(account.withCredential(next));
            }
            case TokenAnswer.Refused refused -> {
                String why = "the provider refused the refresh token (" + refused.why() + "); sign the account in "
                        + "again or give it new tokens";
                pool.updateStatus(account.id(), AccountStatus.of(AccountState.UNAUTHORIZED, why, null));
                log.warn("account {}: {}", account.id(), why);
                yield new Refresh.Failed(true, why);
            }
            case TokenAnswer.Unavailable unavailable -> {
                log.warn("account {}: cannot refresh its OAuth tokens: {}", account.id(), unavailable.why());
                yield new Refresh.Failed(false, "cannot refresh the account's tokens: " + unavailable.why());
            }
            case TokenAnswer.Pending pending -> new Refresh.Failed(false, "unexpected pending answer to a refresh");
        };
    }

    private boolean expiresSoon(Credential.OAuthTokens tokens) {
        return tokens.expiresAt().map(at -> !clock.instant().plus(settings.margin()).isBefore(at)).orElse(false);
    }
}
