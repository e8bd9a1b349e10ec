package dev.llmrelay.core.store.contract;

import static dev.llmrelay.core.store.TestAccounts.account;
import static dev.llmrelay.core.store.TestAccounts.claudeQuery;
import static dev.llmrelay.core.store.TestAccounts.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountLease;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountQuery;
import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@code AccountPool} does, whichever store it is: extend it with a way to open the
 * store (see the memory, embedded and Redis stores' tests).
 */
public abstract class AccountPoolContract {
    protected final MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");
    private RelayStore store;
    private AccountPool pool;

    /** Opens an empty store of the kind under test, on this clock. */
    protected abstract RelayStore openStore(MutableClock clock);

    @BeforeEach
    public void openTheStore() {
        store = openStore(clock);
        pool = store.accounts();
    }

    @AfterEach
    public void closeTheStore() {
        store.close();
    }

    @Test
    public void acquirePrefersSmallerPriorityThenLeastRecentlyUsed() {
        pool.save(account("low-priority").priority(90).build());
        pool.save(account("used-recently").priority(10).lastUsedAt(clock.instant().minusSeconds(10)).build());
        pool.save(account("used-long-ago").priority(10).lastUsedAt(clock.instant().minusSeconds(3600)).build());
        pool.save(account("never-used").priority(10).build());

        List<String> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(1));
            AccountLease lease = leased(pool.acquire(claudeQuery()));
            order.add(lease.account().id());
            lease.close();
        }

        assertThat(order).containsExactly("never-used", "used-long-ago", "used-recently", "never-used");
    }

    @Test
    public void acquireStampsLastUsedAtOnTheStoredAccountAndTheLease() {
        pool.save(account("a").build());

        AccountLease lease = leased(pool.acquire(claudeQuery()));

        assertThat(lease.account().lastUsedAt()).contains(clock.instant());
        assertThat(pool.find("a").orElseThrow().lastUsedAt()).contains(clock.instant());
    }

    @Test
    public void maxConcurrencyHoldsUnderSixteenRacingThreads() throws Exception {
        pool.save(account("a").maxConcurrency(3).build());
        pool.save(account("b").maxConcurrency(2).build());
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<AccountLease> leases = new ConcurrentLinkedQueue<>();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(executor.submit(() -> {
                    start.await();
                    if (pool.acquire(claudeQuery()) instanceof AccountSelection.Leased leased) {
                        leases.add(leased.lease());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }

        assertThat(leases).hasSize(5);
        assertThat(leases.stream().filter(l -> l.account().id().equals("a"))).hasSize(3);
        assertThat(pool.inFlight("a")).isEqualTo(3);
        assertThat(pool.inFlight("b")).isEqualTo(2);
        leases.forEach(AccountLease::close);
        assertThat(pool.inFlight("a")).isZero();
        assertThat(pool.inFlight("b")).isZero();
    }

    @Test
    public void closingALeaseTwiceReleasesItsSlotOnce() {
        pool.save(account("a").maxConcurrency(2).build());
        AccountLease first = leased(pool.acquire(claudeQuery()));
        AccountLease second = leased(pool.acquire(claudeQuery()));

        first.close();
        first.close();

        assertThat(pool.inFlight("a")).isEqualTo(1);
        assertThat(pool.acquire(claudeQuery())).isInstanceOf(AccountSelection.Leased.class);
        assertThat(pool.acquire(claudeQuery())).isInstanceOf(AccountSelection.Unavailable.class);
        second.close();
    }

    @Test
    public void unavailableSaysToRetryWhenTheEarliestLimitedAccountFrees() {
        Instant now = clock.instant();
        pool.save(account("a").status(AccountStatus.of(AccountState.RATE_LIMITED, "429", now.plusSeconds(90))).build());
        pool.save(account("b").status(AccountStatus.of(AccountState.OVERLOADED, "529", now.plusSeconds(40))).build());
        pool.save(account("c").status(AccountStatus.of(AccountState.UNAUTHORIZED, "401", null)).build());

        AccountSelection.Unavailable unavailable = unavailable(pool.acquire(claudeQuery()));

        assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(unavailable.anyMatching()).isTrue();
        assertThat(unavailable.reason()).contains("all 3 accounts", "1 rate-limited", "1 overloaded",
                "1 unauthorized");
    }

    @Test
    public void unavailableWhenAllAreRateLimitedSaysSo() {
        Instant now = clock.instant();
        pool.save(account("a").status(AccountStatus.of(AccountState.RATE_LIMITED, "429", now.plusMillis(300))).build());
        pool.save(account("b").status(AccountStatus.of(AccountState.RATE_LIMITED, "429", now.plusSeconds(5))).build());

        AccountSelection.Unavailable unavailable = unavailable(pool.acquire(claudeQuery()));

        assertThat(unavailable.reason()).isEqualTo("all 2 accounts serving model claude-sonnet-4-5 are rate-limited");
        assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    public void unavailableOnlyForConcurrencySuggestsOneSecond() {
        pool.save(account("a").maxConcurrency(1).build());
        AccountLease held = leased(pool.acquire(claudeQuery()));

        AccountSelection.Unavailable unavailable = unavailable(pool.acquire(claudeQuery()));

        assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(unavailable.anyMatching()).isTrue();
        assertThat(unavailable.reason()).contains("at concurrency");
        held.close();
    }

    @Test
    public void unavailableWithoutAKnownEndSuggestsTheDefault() {
        pool.save(account("a").schedulable(false).build());

        AccountSelection.Unavailable unavailable = unavailable(pool.acquire(claudeQuery()));

        assertThat(unavailable.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(unavailable.reason()).contains("paused");
    }

    @Test
    public void noAccountServingTheModelIsNotAnyMatching() {
        pool.save(account("claude").build());
        pool.save(account("gpt").platform(Platform.OPENAI).build());

        AccountSelection.Unavailable unavailable =
                unavailable(pool.acquire(query("gemini-2.5-pro", Optional.empty())));

        assertThat(unavailable.anyMatching()).isFalse();
        assertThat(unavailable.reason()).isEqualTo("no account serves model gemini-2.5-pro");
    }

    @Test
    public void everyAccountExcludedByEarlierFailuresStillCountsAsMatching() {
        pool.save(account("a").build());

        AccountSelection.Unavailable unavailable = unavailable(pool.acquire(claudeQuery().excluding("a")));

        assertThat(unavailable.anyMatching()).isTrue();
        assertThat(unavailable.reason()).contains("already failed this request");
    }

    @Test
    public void rateLimitedAccountServesAgainAfterItsUntil() {
        pool.save(account("a").build());
        pool.updateStatus("a", AccountStatus.of(AccountState.RATE_LIMITED, "429", clock.instant().plusSeconds(60)));
        assertThat(pool.acquire(claudeQuery())).isInstanceOf(AccountSelection.Unavailable.class);

        clock.advance(Duration.ofSeconds(60));

        assertThat(leased(pool.acquire(claudeQuery())).account().id()).isEqualTo("a");
    }

    @Test
    public void stickySessionKeepsItsAccount() {
        pool.save(account("a").build());
        pool.save(account("b").build());
        Optional<String> session = Optional.of("conversation-1");

        String first = leasedId(query("claude-sonnet-4-5", session));
        clock.advance(Duration.ofSeconds(1));
        String other = leasedId(claudeQuery()); // the least recently used: not the session's
        clock.advance(Duration.ofSeconds(1));
        String again = leasedId(query("claude-sonnet-4-5", session));

        assertThat(other).isNotEqualTo(first);
        assertThat(again).isEqualTo(first);
    }

    @Test
    public void stickySessionMovesWhenItsAccountIsRateLimited() {
        pool.save(account("a").build());
        pool.save(account("b").build());
        Optional<String> session = Optional.of("conversation-1");
        String first = leasedId(query("claude-sonnet-4-5", session));

        pool.updateStatus(first, AccountStatus.of(AccountState.RATE_LIMITED, "429", clock.instant().plusSeconds(30)));
        clock.advance(Duration.ofSeconds(1));
        String moved = leasedId(query("claude-sonnet-4-5", session));
        clock.advance(Duration.ofSeconds(60)); // the first account is healthy again
        String afterRecovery = leasedId(query("claude-sonnet-4-5", session));

        assertThat(moved).isNotEqualTo(first);
        assertThat(afterRecovery).isEqualTo(moved);
    }

    @Test
    public void stickySessionLapsesAfterAnHourWithoutRequests() {
        pool.save(account("a").build());
        pool.save(account("b").build());
        Optional<String> session = Optional.of("conversation-1");
        String first = leasedId(query("claude-sonnet-4-5", session));
        clock.advance(Duration.ofMinutes(1));
        leasedId(claudeQuery());
        clock.advance(Duration.ofMinutes(1));
        assertThat(leasedId(claudeQuery())).isEqualTo(first); // now the most recently used

        clock.advance(Duration.ofHours(1));
        String afterAnHour = leasedId(query("claude-sonnet-4-5", session));

        assertThat(afterAnHour).isNotEqualTo(first);
    }

    @Test
    public void stickySessionStaysWithinTheHourEvenWhenItsAccountIsNotTheLeastRecentlyUsed() {
        pool.save(account("a").build());
        pool.save(account("b").build());
        Optional<String> session = Optional.of("conversation-1");
        String first = leasedId(query("claude-sonnet-4-5", session));
        clock.advance(Duration.ofMinutes(1));
        leasedId(claudeQuery());
        clock.advance(Duration.ofMinutes(1));
        leasedId(claudeQuery());

        clock.advance(Duration.ofMinutes(57));
        String withinTheHour = leasedId(query("claude-sonnet-4-5", session));

        assertThat(withinTheHour).isEqualTo(first);
    }

    @Test
    public void aClaudeSubscriptionServesClaudeCodeOnlyAndOtherClientsAreToldSo() {
        pool.save(account("max-1").credential(new Credential.OAuthTokens(Secret.of("sk-ant-oat01-a"),
                Optional.empty(), Optional.empty())).build());

        AccountLease claudeCode = leased(pool.acquire(claudeQuery().fromClient("claude-code")));
        claudeCode.close();
        AccountSelection other = pool.acquire(claudeQuery().fromClient("unknown"));

        assertThat(claudeCode.account().id()).isEqualTo("max-1");
        assertThat(other).isInstanceOfSatisfying(AccountSelection.Unavailable.class, unavailable -> {
            assertThat(unavailable.notForThisClient()).isTrue();
            assertThat(unavailable.reason()).contains("only Claude Code");
        });

        pool.save(account("api-key").priority(90).build());
        assertThat(leased(pool.acquire(claudeQuery().fromClient("codex-cli"))).account().id()).isEqualTo("api-key");
    }

    @Test
    public void aSettingsChangeKeepsACredentialRefreshedSinceTheAccountWasRead() {
        pool.save(account("a").credential(new Credential.OAuthTokens(Secret.of("old-access"),
                Optional.of(Secret.of("old-refresh")), Optional.empty())).build());
        Account readByTheAdmin = pool.find("a").orElseThrow();
        var refreshed = new Credential.OAuthTokens(Secret.of("new-access"), Optional.of(Secret.of("new-refresh")),
                Optional.of(clock.instant().plusSeconds(3600)));
        pool.updateCredential("a", refreshed);

        boolean existed = pool.updateSettings(new Account(readByTheAdmin.id(), "renamed", readByTheAdmin.platform(),
                readByTheAdmin.credential(), readByTheAdmin.baseUrl(), readByTheAdmin.proxy(), 7,
                readByTheAdmin.maxConcurrency(), readByTheAdmin.groups(), readByTheAdmin.models(),
                readByTheAdmin.modelMapping(), readByTheAdmin.schedulable(), readByTheAdmin.status(),
                readByTheAdmin.createdAt(), readByTheAdmin.lastUsedAt()));

        Account stored = pool.find("a").orElseThrow();
        assertThat(existed).isTrue();
        assertThat(stored.name()).isEqualTo("renamed");
        assertThat(stored.priority()).isEqualTo(7);
        assertThat(stored.credential()).isEqualTo(refreshed);
        assertThat(pool.updateSettings(account("ghost").build())).isFalse();
        assertThat(pool.find("ghost")).isEmpty();
    }

    @Test
    public void accountsOutsideTheKeysBindingAreNotChosen() {
        pool.save(account("a").priority(1).build());
        pool.save(account("b").groups("team-b").build());

        var bound = new AccountQuery(Set.of(Platform.CLAUDE), "claude-sonnet-4-5",
                Optional.empty(), Optional.of("team-b"), Optional.empty(), Set.of());

        assertThat(leased(pool.acquire(bound)).account().id()).isEqualTo("b");
    }

    @Test
    public void saveReplacesTheAccountAndKeepsItsRequestsInFlight() {
        pool.save(account("a").maxConcurrency(1).build());
        AccountLease held = leased(pool.acquire(claudeQuery()));

        pool.save(account("a").maxConcurrency(1).priority(5).build());

        assertThat(pool.inFlight("a")).isEqualTo(1);
        assertThat(pool.find("a").orElseThrow().priority()).isEqualTo(5);
        assertThat(pool.acquire(claudeQuery())).isInstanceOf(AccountSelection.Unavailable.class);
        held.close();
        assertThat(pool.acquire(claudeQuery())).isInstanceOf(AccountSelection.Leased.class);
    }

    @Test
    public void updateCredentialReplacesOnlyTheCredential() {
        pool.save(account("a").priority(7).build());
        Credential refreshed = new Credential.OAuthTokens(Secret.of("new-access"),
                Optional.of(Secret.of("new-refresh")), Optional.of(clock.instant().plusSeconds(3600)),
                Optional.of("chatgpt-account-1"), Optional.of("code-assist-project-1"));

        pool.updateCredential("a", refreshed);

        Account stored = pool.find("a").orElseThrow();
        assertThat(stored.credential()).isEqualTo(refreshed);
        assertThat(stored.priority()).isEqualTo(7);
    }

    @Test
    public void deleteAnswersWhetherTheAccountExisted() {
        pool.save(account("a").build());

        assertThat(pool.delete("a")).isTrue();
        assertThat(pool.delete("a")).isFalse();
        assertThat(pool.list()).isEmpty();
        assertThat(pool.inFlight("a")).isZero();
    }

    @Test
    public void aLeaseOfADeletedAccountClosesHarmlessly() {
        pool.save(account("a").maxConcurrency(1).build());
        AccountLease held = leased(pool.acquire(claudeQuery()));
        pool.delete("a");
        pool.save(account("a").maxConcurrency(1).build());

        held.close();

        assertThat(pool.inFlight("a")).isZero();
        assertThat(pool.acquire(claudeQuery())).isInstanceOf(AccountSelection.Leased.class);
    }

    private String leasedId(AccountQuery query) {
        AccountLease lease = leased(pool.acquire(query));
        lease.close();
        return lease.account().id();
    }

    private static AccountLease leased(AccountSelection selection) {
        assertThat(selection).isInstanceOf(AccountSelection.Leased.class);
        return ((AccountSelection.Leased) selection).lease();
    }

    private static AccountSelection.Unavailable unavailable(AccountSelection selection) {
        assertThat(selection).isInstanceOf(AccountSelection.Unavailable.class);
        return (AccountSelection.Unavailable) selection;
    }
}
