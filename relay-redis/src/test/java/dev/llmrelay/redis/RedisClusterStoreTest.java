package dev.llmrelay.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.contract.AccountPoolContract;
import dev.llmrelay.core.store.contract.KeyLimitsContract;
import dev.llmrelay.core.store.contract.KeyPolicyContract;
import dev.llmrelay.core.store.contract.OnboardingSessionContract;
import dev.llmrelay.core.store.contract.StoreContentsContract;
import dev.llmrelay.core.store.contract.UsageMeterContract;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.TestRedis;
import dev.llmrelay.redis.testing.TestRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract on a real three-node Redis Cluster: every script's keys share one hash slot (Redis would
 * refuse them with CROSSSLOT otherwise), pipelines spread over nodes, and the health check answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterStoreTest {
    private TestRedisCluster cluster;

    private synchronized RelayStore open(MutableClock clock) {
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

    @Nested
    class Accounts extends AccountPoolContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class Keys extends KeyPolicyContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class Limits extends KeyLimitsContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class Usage extends UsageMeterContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class Contents extends StoreContentsContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }
    }

    @Nested
    class SignInSessions extends OnboardingSessionContract {
        @Override
        protected RelayStore openStore(MutableClock clock) {
            return open(clock);
        }

        /** Redis expires a session by its own clock: this waits for real, on a session of a fraction of a second. */
        @Override
        protected void letPass(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected Duration shortLife() {
            return Duration.ofMillis(150);
        }
    }
}
