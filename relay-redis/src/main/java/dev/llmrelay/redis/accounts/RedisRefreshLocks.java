package dev.llmrelay.redis.accounts;

import dev.llmrelay.api.account.CredentialRefreshLocks;
import dev.llmrelay.redis.support.LuaScript;
import dev.llmrelay.redis.support.RedisNames;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Refresh locks every node sharing one Redis respects: {@code SET NX PX} with a token of the holder's own, freed
 * by a script that deletes the lock only while it still holds that token. Redis expires a lock whose node died.
 */
public final class RedisRefreshLocks implements CredentialRefreshLocks {
    private static final Logger log = LoggerFactory.getLogger(RedisRefreshLocks.class);

    private final UnifiedJedis redis;
    private final RedisNames names;
    private final LuaScript releaseScript = LuaScript.named("release-refresh-lock");

    public RedisRefreshLocks(UnifiedJedis redis, RedisNames names) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.names = Objects.requireNonNull(names, "names");
    }

    @Override
    public Optional<Held> tryLock(String accountId, Duration ttl) {
        Objects.requireNonNull(accountId, "accountId");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a refresh lock's time to live must be positive");
        }
        String lock = names.refreshLock(accountId);
        String token = UUID.randomUUID().toString();
        String reply = redis.set(lock, token, SetParams.setParams().nx().px(ttl.toMillis()));
        if (!"OK".equals(reply)) {
            return Optional.empty();
        }
        return Optional.of(() -> {
            try {
                releaseScript.run(redis, List.of(lock), List.of(token));
            } catch (RuntimeException e) {
                log.warn("Cannot free the refresh lock of account {} ({}); it frees itself within {} s", accountId,
                        e.getMessage(), ttl.toSeconds());
            }
        });
    }
}
