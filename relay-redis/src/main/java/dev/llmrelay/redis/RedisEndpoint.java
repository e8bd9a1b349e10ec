package dev.llmrelay.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the relay's Redis is, as {@code RELAY_REDIS_URL} names it:
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS: one server;</li>
 *   <li>{@code redis-sentinel://[[user]:password@]host:port[,host:port...][/database]?master=name} (or
 *       {@code rediss-sentinel://}): the primary that Sentinel names, followed across fail-overs;</li>
 *   <li>{@code redis-cluster://[[user]:password@]host:port[,host:port...]} (or {@code rediss-cluster://}): a
 *       Redis Cluster, found from any of its nodes.</li>
 * </ul>
 * The password is the server's (for Sentinel, the data nodes'; the sentinels are reached without one).
 *
 * @param database always 0 for a cluster
 * @param master the Sentinel master name; empty otherwise
 */
public record RedisEndpoint(
        Kind kind, boolean tls, List<HostAndPort> nodes, Optional<String> user, Optional<String> password,
        int database, Optional<String> master) {

    /** How the relay reaches Redis. */
    public enum Kind {
        STANDALONE,
        SENTINEL,
        CLUSTER
    }

    /** Connections kept per node: requests on virtual threads share them, a few round trips each. */
    public static final int POOL_SIZE = 64;

    private static final int DEFAULT_PORT = 6379;
    private static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final int TIMEOUT_MILLIS = 2_000;

    public RedisEndpoint {
        Objects.requireNonNull(kind, "kind");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(master, "master");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("RELAY_REDIS_URL names no host");
        }
    }

    /**
     * Reads {@code RELAY_REDIS_URL}.
     *
     * @throws IllegalArgumentException naming what is wrong; the message never repeats the password
     */
    public static RedisEndpoint parse(String url) {
        Objects.requireNonNull(url, "url");
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("RELAY_REDIS_URL must start with redis://, rediss://, "
                    + "redis-sentinel:// or redis-cluster://");
        }
        String scheme = url.substring(0, schemeEnd);
        boolean tls = scheme.startsWith("rediss");
        Kind kind = switch (scheme) {
            case "redis", "rediss" -> Kind.STANDALONE;
            case "redis-sentinel", "rediss-sentinel" -> Kind.SENTINEL;
            case "redis-cluster", "rediss-cluster" -> Kind.CLUSTER;
            default -> throw new IllegalArgumentException("RELAY_REDIS_URL has the unknown scheme " + scheme
                    + "; use redis://, rediss://, redis-sentinel:// or redis-cluster://");
        };
        String rest = url.substring(schemeEnd + 3);
        String query = "";
        int queryStart = rest.indexOf('?');
        if (queryStart >= 0) {
            query = rest.substring(queryStart + 1);
            rest = rest.substring(0, queryStart);
        }
        String path = "";
        int pathStart = rest.indexOf('/');
        if (pathStart >= 0) {
            path = rest.substring(pathStart + 1);
            rest = rest.substring(0, pathStart);
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String userPart = colon >= 0 ? userInfo.substring(0, colon) : "";
            String passwordPart = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
            user = userPart.isEmpty() ? Optional.empty() : Optional.of(decode(userPart));
            password = passwordPart.isEmpty() ? Optional.empty() : Optional.of(decode(passwordPart));
        }
        int defaultPort = kind == Kind.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
        List<HostAndPort> nodes = new ArrayList<>();
        for (String node : rest.split(",")) {
            if (!node.isBlank()) {
                nodes.add(hostAndPort(node.strip(), defaultPort));
            }
        }
        if (kind == Kind.STANDALONE && nodes.size() > 1) {
            throw new IllegalArgumentException("RELAY_REDIS_URL names several hosts: use redis-sentinel:// or "
                    + "redis-cluster:// for more than one");
        }
        int database = database(path);
        if (kind == Kind.CLUSTER && database != 0) {
            throw new IllegalArgumentException("RELAY_REDIS_URL: a Redis Cluster has only database 0");
        }
        Optional<String> master = parameter(query, "master");
        if (kind == Kind.SENTINEL && master.isEmpty()) {
            throw new IllegalArgumentException("RELAY_REDIS_URL: redis-sentinel:// needs ?master=<name>");
        }
        return new RedisEndpoint(kind, tls, nodes, user, password, database, master);
    }

    /** Opens a client for this endpoint; it connects on first use and reconnects by itself after an outage. */
    public UnifiedJedis connect() {
        JedisClientConfig config = clientConfig(true);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setTestWhileIdle(true);
        // A bounded wait: with an unbounded one, commons-pool spins instead of waiting when more callers than
        // connections race for a new one, which starves virtual threads' carriers.
        pool.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
        return switch (kind) {
            case STANDALONE -> RedisClient.builder().hostAndPort(nodes.getFirst()).clientConfig(config)
                    .poolConfig(pool).build();
            case CLUSTER -> RedisClusterClient.builder().nodes(new LinkedHashSet<>(nodes))
                    .clientConfig(config).poolConfig(pool).build();
            case SENTINEL -> RedisSentinelClient.builder().masterName(master.orElseThrow())
                    .sentinels(new LinkedHashSet<>(nodes)).clientConfig(config)
                    .sentinelClientConfig(clientConfig(false)).poolConfig(pool).build();
        };
    }

    /** The URL with its password masked, for logs. */
    public String describe() {
        StringBuilder text = new StringBuilder(switch (kind) {
            case STANDALONE -> tls ? "rediss" : "redis";
            case SENTINEL -> tls ? "rediss-sentinel" : "redis-sentinel";
            case CLUSTER -> tls ? "rediss-cluster" : "redis-cluster";
        }).append("://");
        if (user.isPresent() || password.isPresent()) {
            text.append(user.orElse("")).append(password.isPresent() ? ":****" : "").append('@');
        }
        text.append(String.join(",", nodes.stream().map(HostAndPort::toString).toList()));
        if (database != 0) {
            text.append('/').append(database);
        }
        master.ifPresent(name -> text.append("?master=").append(name));
        return text.toString();
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + describe() + "]";
    }

    private JedisClientConfig clientConfig(boolean dataNode) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                .clientName("llm-relay");
        if (tls) {
            // The JDK's trust store and full verification: rediss:// means a server certificate to check.
            config.sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
        }
        if (dataNode) {
            user.ifPresent(config::user);
            password.ifPresent(config::password);
            config.database(database);
        }
        return config.build();
    }

    private static HostAndPort hostAndPort(String node, int defaultPort) {
        int colon = node.lastIndexOf(':');
        boolean bracketed = node.startsWith("[");
        if (colon < 0 || bracketed && colon < node.indexOf(']')) {
            return new HostAndPort(unbracket(node), defaultPort);
        }
        try {
            int port = Integer.parseInt(node.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new HostAndPort(unbracket(node.substring(0, colon)), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RELAY_REDIS_URL has an invalid port in " + node);
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int database(String path) {
        if (path.isEmpty()) {
            return 0;
        }
        try {
            int database = Integer.parseInt(path);
            if (database < 0) {
                throw new NumberFormatException();
            }
            return database;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RELAY_REDIS_URL: the database must be a number, not " + path);
        }
    }

    private static Optional<String> parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return Optional.of(decode(pair.substring(equals + 1))).filter(value -> !value.isEmpty());
            }
        }
        return Optional.empty();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
