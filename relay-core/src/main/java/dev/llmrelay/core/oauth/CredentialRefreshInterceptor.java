package dev.llmrelay.core.oauth;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountLease;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.schedule.AccountHealthRules;
import java.util.Objects;
import java.util.Optional;

/**
 * Between the account choice and the upstream call: gives a subscription account's call a fresh access token
 * (refreshed first when it expires within the margin), and when the upstream answers 401 to it, refreshes once and
 * calls again on the same account. A refresh token the provider refuses is reported as the account's failure, so
 * the failover step marks it unauthorized and moves on to the next account.
 */
public final class CredentialRefreshInterceptor implements RelayInterceptor {
    private final TokenRefresher refresher;

    public CredentialRefreshInterceptor(TokenRefresher refresher) {
        this.refresher = Objects.requireNonNull(refresher, "refresher");
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        AccountLease lease = call.requireAccount();
        if (!(lease.account().credential() instanceof Credential.OAuthTokens)) {
            return chain.proceed(call);
        }
        Account account;
        switch (refresher.beforeCall(lease.account())) {
            case TokenRefresher.Refresh.Failed failed -> {
                return failure(lease.account(), failed);
            }
            case TokenRefresher.Refresh.Usable usable -> account = usable.account();
        }
        RelayOutcome outcome = chain.proceed(withAccount(call, lease, account));
        if (!(outcome instanceof RelayOutcome.UpstreamFailed failed) || failed.status() != 401
                || !refresher.canRefresh(account)) {
            return outcome;
        }
        return switch (refresher.afterRejection(account)) {
            case TokenRefresher.Refresh.Failed refreshFailed -> failure(account, refreshFailed);
            case TokenRefresher.Refresh.Usable usable -> chain.proceed(withAccount(call, lease, usable.account()));
        };
    }

    private static RelayCall withAccount(RelayCall call, AccountLease lease, Account account) {
        return account == lease.account() ? call : call.withAccount(new RefreshedLease(lease, account));
    }

    private static RelayOutcome failure(Account account, TokenRefresher.Refresh.Failed failed) {
        return failed.refused()
                ? new RelayOutcome.UpstreamFailed(account, 401, AccountHealthRules.REFRESH_REFUSED, failed.why(),
                        Optional.empty())
                : RelayOutcome.UpstreamFailed.noAnswer(account, failed.why());
    }

    /** The leased slot, with the account as it is after its refresh. */
    private record RefreshedLease(AccountLease slot, Account account) implements AccountLease {
        @Override
        public void close() {
            slot.close();
        }
    }
}
