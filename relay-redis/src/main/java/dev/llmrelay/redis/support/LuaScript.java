package dev.llmrelay.redis.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One of the relay's Lua scripts: run by its SHA-1 in one round trip, and sent whole only when a server does
 * not hold it yet (a restarted Redis, a new cluster node). Each declares every key it touches.
 */
public final class LuaScript {
    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    /** The script {@code dev/llmrelay/redis/scripts/<name>.lua}. */
    public static LuaScript named(String name) {
        String resource = "/dev/llmrelay/redis/scripts/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + resource);
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + resource, e);
        }
    }

    /** Runs the script on the node holding {@code keys} (all in one slot) and answers its reply. */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        Objects.requireNonNull(keys, "keys");
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException notLoaded) {
            return redis.eval(source, keys, args);
        }
    }

    @Override
    public String toString() {
        return "LuaScript[" + name + "]";
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
