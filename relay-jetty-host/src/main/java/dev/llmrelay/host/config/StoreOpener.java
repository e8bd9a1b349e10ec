package dev.llmrelay.host.config;

import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.embedded.EmbeddedStore;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.RedisEndpoint;
import dev.llmrelay.redis.RedisStore;
import java.time.Clock;
import java.util.Objects;

/**
 * Opens the store the configuration names: Redis when {@code RELAY_REDIS_URL} is set (with
 * {@code RELAY_ENCRYPTION_KEY} required, since every node must decrypt the same credentials), else the
 * embedded store in {@code RELAY_DATA_DIR}.
 */
public final class StoreOpener {
    private StoreOpener() {
    }

    /**
     * Opens the store.
     *
     * @throws IllegalArgumentException when the configuration cannot name a store (no encryption key with
     *     Redis, an unreadable URL)
     */
    public static RelayStore open(RelayConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        if (config.redisUrl().isEmpty()) {
            return EmbeddedStore.open(config.dataDir(), config.encryptionKey(), clock);
        }
        RedisEndpoint endpoint = RedisEndpoint.parse(config.redisUrl().get());
        String key = config.encryptionKey().orElseThrow(() -> new IllegalArgumentException(
                "RELAY_ENCRYPTION_KEY is required with RELAY_REDIS_URL: every relay node must encrypt and decrypt "
                        + "upstream credentials with the same key (32 random bytes in standard base64)"));
        return RedisStore.open(endpoint.connect(), CredentialCipher.fromBase64Key(key), clock,
                RedisStore.Options.DEFAULTS.withLeaseTtl(config.redisLeaseTtl()));
    }

    /** Where the store lives, for the ready line: never a password. */
    public static String describe(RelayConfig config) {
        return config.redisUrl()
                .map(url -> "Redis store at " + RedisEndpoint.parse(url).describe())
                .orElseGet(() -> "embedded store in " + config.dataDir().toAbsolutePath());
    }
}
