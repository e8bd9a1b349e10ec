package dev.llmrelay.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (a relay key, an upstream API key or token, the admin token) that never prints itself.
 *
 * <p>{@link #toString()} is redacted, so a secret that reaches a log line or an error message by accident
 * shows as {@code Secret[****]}. Only {@link #reveal()} gives the value, at the one place it is sent.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a plaintext secret; blank values are refused. */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret must not be blank");
        }
        return new Secret(value);
    }

    /** The plaintext, for the one place that must send or encrypt it. */
    public String reveal() {
        return value;
    }

    /** Compares with another plaintext in time independent of where they differ. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.matches(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
