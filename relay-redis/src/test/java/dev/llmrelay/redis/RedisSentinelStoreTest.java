package dev.llmrelay.redis;

import static dev.llmrelay.core.store.TestAccounts.account;
import static dev.llmrelay.core.store.TestAccounts.claudeQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Through a real Sentinel, the store finds the primary it names and works on it. */
class RedisSentinelStoreTest {
    private TestRedis primary;
    private TestRedis sentinel;

    @BeforeEach
    void startAPrimaryAndItsSentinel() {
        primary = TestRedis.startNew();
        sentinel = TestRedis.startSentinel(primary, "relay-primary");
    }

    @AfterEach
    void stop() {
        sentinel.stop();
        primary.stop();
    }

    @Test
    void aSentinelUrlLeadsToThePrimaryItWatches() {
        String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "?master=relay-primary";
        try (RedisStore store = RedisStore.open(RedisEndpoint.parse(url).connect(), CredentialCipher.random(),
                MutableClock.at("2026-11-25T14:00:00Z"), RedisStore.Options.DEFAULTS)) {
            store.accounts().save(account("acct-1").build());

            assertThat(store.answers()).isTrue();
            assertThat(store.accounts().acquire(claudeQuery())).isInstanceOf(AccountSelection.Leased.class);
        }
        try (UnifiedJedis direct = primary.client()) {
            assertThat(direct.hexists("{relay:pool}:accounts", "acct-1")).isTrue();
        }
    }
}
