package dev.llmrelay.redis;

import static dev.llmrelay.core.store.TestAccounts.account;
import static dev.llmrelay.core.store.TestAccounts.claudeQuery;
import static dev.llmrelay.core.store.TestKeys.claudeRequest;
import static dev.llmrelay.core.store.TestKeys.key;
import static dev.llmrelay.core.store.TestKeys.plaintextOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.account.AccountLease;
import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.TestUsage;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.RoundTripCounter;
import dev.llmrelay.redis.testing.TestRedis;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one request costs in Redis round trips, counted at the socket: two before the upstream call (the key's
 * check-and-take, the account's), two after the answer (the key's settlement with its slot, the account's slot),
 * and none for usage, which goes once a second for all requests. docs/redis.md quotes these counts.
 */
class RoundTripsTest {
    private final MutableClock clock = MutableClock.at("2026-11-25T14:00:00Z");
    private RoundTripCounter counter;
    private RedisStore store;

    @BeforeEach
    void openAStoreThroughTheCounter() {
        counter = new RoundTripCounter(TestRedis.shared().port());
        store = RedisStore.open(RedisEndpoint.parse(counter.url()).connect(), CredentialCipher.random(), clock,
                new RedisStore.Options(TestRedis.newPrefix(), Duration.ofMinutes(10), Duration.ofHours(1)));
        store.accounts().save(account("acct-1").build());
        store.keys().save(key("alice").limits(new KeyLimits(OptionalInt.of(60), OptionalLong.of(1_000),
                OptionalLong.of(1_000_000), OptionalDouble.of(10), OptionalDouble.of(50), OptionalDouble.of(500),
                OptionalInt.of(4))).build());
    }

    @AfterEach
    void close() {
        store.close();
        counter.close();
    }

    @Test
    void aRequestWithEveryLimitCostsTwoRoundTripsBeforeTheUpstreamAndTwoAfter() {
        oneRequest(); // the first request of a node also loads the key and the accounts into its cache
        counter.reset();

        KeyLease keyLease = admitted(store.keys().admit(plaintextOf("alice"), claudeRequest()));
        AccountLease accountLease = leased(store.accounts().acquire(claudeQuery()));
        int beforeUpstream = counter.trips();
        keyLease.settle(TokenUsage.of(100, 20, 0, 0), 0.01);
        keyLease.close();
        accountLease.close();
        store.usage().record(TestUsage.record(clock.instant(), "alice", Optional.of("acct-1"), "claude-sonnet-4-5"));
        int inAll = counter.trips();

        assertThat(beforeUpstream).isEqualTo(2);
        assertThat(inAll).isEqualTo(4);
    }

    @Test
    void usageOfAThousandRequestsGoesInOneRoundTrip() {
        for (int i = 0; i < 1_000; i++) {
            store.usage().record(TestUsage.record(clock.instant(), "alice", Optional.of("acct-1"), "claude-sonnet-4-5"));
        }
        counter.reset();

        store.flushUsage();

        assertThat(counter.trips()).isEqualTo(1);
    }

    private void oneRequest() {
        KeyLease keyLease = admitted(store.keys().admit(plaintextOf("alice"), claudeRequest()));
        leased(store.accounts().acquire(claudeQuery())).close();
        keyLease.close();
    }

    private static KeyLease admitted(KeyDecision decision) {
        assertThat(decision).isInstanceOf(KeyDecision.Admitted.class);
        return ((KeyDecision.Admitted) decision).lease();
    }

    private static AccountLease leased(AccountSelection selection) {
        assertThat(selection).isInstanceOf(AccountSelection.Leased.class);
        return ((AccountSelection.Leased) selection).lease();
    }
}
