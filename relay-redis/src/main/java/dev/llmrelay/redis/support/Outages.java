package dev.llmrelay.redis.support;

import dev.llmrelay.api.StoreUnavailableException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Turns Redis being unreachable into {@link StoreUnavailableException} at the SPI's edge, so the engine answers
 * 503 with a short wait instead of failing as if the relay had a bug.
 */
public final class Outages {
    private Outages() {
    }

    /** {@code target} seen through {@code type}, every call's lost connection reported as an outage. */
    public static <T> T guarded(Class<T> type, T target) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof JedisConnectionException lost) {
                    throw new StoreUnavailableException("Redis is unreachable: " + lost.getMessage(), lost);
                }
                throw cause;
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
