package dev.llmrelay.core.store.memory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One key's rolling windows as a store persists them, so that a restart does not hand a key a fresh window:
 * the times of the admissions its request limit counts, and the tokens settled in its token window.
 */
public record KeyWindows(String keyId, List<Instant> admissions, List<SettledTokens> tokens) {

    public KeyWindows {
        Objects.requireNonNull(keyId, "keyId");
        admissions = List.copyOf(admissions);
        tokens = List.copyOf(tokens);
    }

    /** Tokens that finished requests used, settled at {@code at}. */
    public record SettledTokens(Instant at, long tokens) {
        public SettledTokens {
            Objects.requireNonNull(at, "at");
            if (tokens < 0) {
                throw new IllegalArgumentException("tokens must not be negative");
            }
        }
    }
}
