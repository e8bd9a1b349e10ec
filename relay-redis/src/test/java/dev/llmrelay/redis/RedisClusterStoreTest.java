package dev.llmrelay.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.contract.StoreContractSuite;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.TestRedis;
import dev.llmrelay.redis.testing.TestRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract on a real three-node Redis Cluster: every script's keys share one hash slot (Redis would
 * refuse them with CROSSSLOT otherwise), pipelines spread over nodes, and the health check answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterStoreTest extends StoreContractSuite {
    private TestRedisCluster cluster;

    @Override
    protected synchronized RelayStore open(MutableClock clock) {
        if (cluster == null) {
            cluster = TestRedisCluster.start();
        }
        return RedisStore.open(RedisEndpoint.parse(cluster.url()).connect(), CredentialCipher.random(), clock,
                RedisStore.Options.DEFAULTS.withPrefix(TestRedis.newPrefix()));
    }

    @AfterAll
    void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theHealthCheckAnswersOnACluster() {
        try (RelayStore store = open(MutableClock.at("2026-11-25T14:00:00Z"))) {
            assertThat(store.answers()).isTrue();
        }
    }

    /** Redis expires locks and sign-in sessions by key time to live, on its own clock. */
    @Override
    protected boolean expiresByItsOwnClock() {
        return true;
    }
}
