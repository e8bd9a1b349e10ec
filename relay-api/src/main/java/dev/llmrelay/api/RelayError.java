package dev.llmrelay.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure as a value: what kind, a message safe to show the client (never a secret or a stack trace),
 * and, for limits and unavailable pools, when to retry.
 */
public record RelayError(ErrorKind kind, String message, Optional<Duration> retryAfter) {

    public RelayError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static RelayError of(ErrorKind kind, String message) {
        return new RelayError(kind, message, Optional.empty());
    }

    public static RelayError retryable(ErrorKind kind, String message, Duration retryAfter) {
        return new RelayError(kind, message, Optional.of(retryAfter));
    }

    /** Whole seconds to wait, rounded up, at least 1; for the {@code retry-after} header. */
    public Optional<Long> retryAfterSeconds() {
        return retryAfter.map(d -> Math.max(1, (d.toMillis() + 999) / 1000));
    }
}
