package dev.llmrelay.host.admin;

import java.security.SecureRandom;
import java.util.Base64;

/** New random identifiers and relay keys. */
final class Ids {
    private final SecureRandom random;

    Ids(SecureRandom random) {
        this.random = random;
    }

    /** An id such as {@code acc_9f3k2...}: a prefix and 12 random bytes, URL-safe. */
    String newId(String prefix) {
        return prefix + "_" + randomText(12);
    }

    /** A new relay key: {@code rk_} and 32 random bytes, URL-safe. */
    String newRelayKey() {
        return "rk_" + randomText(32);
    }

    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
