package dev.llmrelay.host.config;

import dev.llmrelay.core.oauth.OAuthProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The host's configuration, read from the environment as the contract names it.
 *
 * @param port {@code RELAY_PORT}, default 8080 (0 picks a free port)
 * @param bindAddress {@code RELAY_BIND}, default 127.0.0.1
 * @param dataDir {@code RELAY_DATA_DIR}, default {@code ./relay-data}
 * @param redisUrl {@code RELAY_REDIS_URL}: when set, every store lives in Redis
 * @param adminToken {@code RELAY_ADMIN_TOKEN}: when unset, one is generated into the data dir
 * @param encryptionKey {@code RELAY_ENCRYPTION_KEY}: base64 of 32 bytes; generated into the data dir when unset
 * @param maxBodyBytes {@code RELAY_MAX_BODY_BYTES}, default 32 MiB
 * @param shutdownGrace {@code RELAY_SHUTDOWN_GRACE_SECONDS}, default 30
 * @param redisLeaseTtl {@code RELAY_REDIS_LEASE_SECONDS}, default 60: how long the concurrency slots of a
 *     node that died stay taken in Redis (a live node renews its own)
 * @param oauthProviders the subscription logins, their endpoints set by {@code RELAY_OAUTH_<PLATFORM>_AUTHORIZE_URL},
 *     {@code _TOKEN_URL} and {@code _CLIENT_SECRET} ({@link OAuthSettings})
 */
public record RelayConfig(
        int port,
        String bindAddress,
        Path dataDir,
        Optional<String> redisUrl,
        Optional<String> adminToken,
        Optional<String> encryptionKey,
        long maxBodyBytes,
        Duration shutdownGrace,
        Duration redisLeaseTtl,
        OAuthProviders oauthProviders) {

    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

    public RelayConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(redisLeaseTtl, "redisLeaseTtl");
        Objects.requireNonNull(oauthProviders, "oauthProviders");
        if (redisLeaseTtl.toMillis() < 1_000) {
            throw new IllegalArgumentException("RELAY_REDIS_LEASE_SECONDS must be at least 1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("RELAY_PORT must be 0 to 65535, was " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("RELAY_MAX_BODY_BYTES must be positive");
        }
    }

    /** Reads the configuration from {@code environment} (normally {@link System#getenv()}). */
    public static RelayConfig fromEnvironment(Map<String, String> environment) {
        return new RelayConfig(
                intValue(environment, "RELAY_PORT", 8080),
                text(environment, "RELAY_BIND").orElse("127.0.0.1"),
                Path.of(text(environment, "RELAY_DATA_DIR").orElse("relay-data")),
                text(environment, "RELAY_REDIS_URL"),
                text(environment, "RELAY_ADMIN_TOKEN"),
                text(environment, "RELAY_ENCRYPTION_KEY"),
                longValue(environment, "RELAY_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
                Duration.ofSeconds(longValue(environment, "RELAY_SHUTDOWN_GRACE_SECONDS", 30)),
                Duration.ofSeconds(longValue(environment, "RELAY_REDIS_LEASE_SECONDS", 60)),
                OAuthSettings.fromEnvironment(environment));
    }

    /** A configuration for tests and embedding: a free port on loopback, this data dir, defaults elsewhere. */
    public static RelayConfig forDataDir(Path dataDir) {
        return new RelayConfig(0, "127.0.0.1", dataDir, Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(30), Duration.ofSeconds(60), OAuthProviders.standard());
    }

    public RelayConfig withAdminToken(String token) {
        return new RelayConfig(port, bindAddress, dataDir, redisUrl, Optional.of(token), encryptionKey, maxBodyBytes,
                shutdownGrace, redisLeaseTtl, oauthProviders);
    }

    public RelayConfig withMaxBodyBytes(long bytes) {
        return new RelayConfig(port, bindAddress, dataDir, redisUrl, adminToken, encryptionKey, bytes, shutdownGrace,
                redisLeaseTtl, oauthProviders);
    }

    /** The same configuration on the Redis at {@code url}, credentials encrypted with {@code base64Key}. */
    public RelayConfig withRedis(String url, String base64Key) {
        return new RelayConfig(port, bindAddress, dataDir, Optional.of(url), adminToken, Optional.of(base64Key),
                maxBodyBytes, shutdownGrace, redisLeaseTtl, oauthProviders);
    }

    public RelayConfig withEncryptionKey(String base64Key) {
        return new RelayConfig(port, bindAddress, dataDir, redisUrl, adminToken, Optional.of(base64Key), maxBodyBytes,
                shutdownGrace, redisLeaseTtl, oauthProviders);
    }

    public RelayConfig withRedisLeaseTtl(Duration ttl) {
        return new RelayConfig(port, bindAddress, dataDir, redisUrl, adminToken, encryptionKey, maxBodyBytes,
                shutdownGrace, ttl, oauthProviders);
    }

    /** The same configuration with these subscription logins (tests point them at a stand-in provider). */
    public RelayConfig withOAuthProviders(OAuthProviders providers) {
        return new RelayConfig(port, bindAddress, dataDir, redisUrl, adminToken, encryptionKey, maxBodyBytes,
                shutdownGrace, redisLeaseTtl, providers);
    }

    private static Optional<String> text(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    private static int intValue(Map<String, String> environment, String name, int fallback) {
        long value = longValue(environment, name, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is out of range, was " + value);
        }
        return (int) value;
    }

    private static long longValue(Map<String, String> environment, String name, long fallback) {
        var value = text(environment, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value.get() + "'");
        }
    }
}
