package dev.llmrelay.redis;

import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.contract.StoreContractSuite;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.TestRedis;

/** The store contract, held by the Redis store on a real redis-server, each test under a prefix of its own. */
class RedisStoreTest extends StoreContractSuite {

    @Override
    protected RelayStore open(MutableClock clock) {
        TestRedis redis = TestRedis.shared();
        return RedisStore.open(redis.client(), CredentialCipher.random(), clock,
                RedisStore.Options.DEFAULTS.withPrefix(TestRedis.newPrefix()));
    }

    /** Redis expires locks and sign-in sessions by key time to live, on its own clock. */
    @Override
    protected boolean expiresByItsOwnClock() {
        return true;
    }
}
