package dev.llmrelay.api.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of a relay key: all the relay keeps of it. Relay keys are long random strings, so an
 * unsalted hash is as strong as the key itself and lets any node find the key by its hash.
 */
public record KeyHash(String hex) {

    public KeyHash {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 64) {
            throw new IllegalArgumentException("a key hash is 64 hex digits");
        }
    }

    public static KeyHash of(String plaintextKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plaintextKey.getBytes(StandardCharsets.UTF_8));
            return new KeyHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares in time independent of where the hashes differ. */
    public boolean matches(KeyHash other) {
        return MessageDigest.isEqual(hex.getBytes(StandardCharsets.US_ASCII), other.hex.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "KeyHash[" + hex.substring(0, 8) + "…]";
    }
}
