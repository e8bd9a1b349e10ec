package dev.llmrelay.core.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The admissions of one key over its rolling window, as a log of their times: at most {@code limit} in any
 * window of {@code window}, exactly. Not thread-safe; its owner holds the lock.
 *
 * <p>A token bucket refilling {@code limit} per window would let up to twice the limit through in a window
 * that spans a refill, so the log is kept instead; it never holds more than {@code limit} entries.
 */
final class RequestWindow {
    private final ArrayDeque<Instant> admissions = new ArrayDeque<>();

    /**
     * How long until one more request fits in the window ending at {@code now}; empty when it fits now.
     * Takes nothing.
     */
    Optional<Duration> waitFor(long limit, Duration window, Instant now) {
        forgetBefore(now.minus(window));
        if (admissions.size() < limit) {
            return Optional.empty();
        }
        if (limit <= 0) {
            return Optional.of(window);
        }
        // The oldest of the last `limit` admissions leaves the window first.
        Instant oldestCounted = admissions.stream().skip(admissions.size() - limit).findFirst().orElseThrow();
        return Optional.of(Duration.between(now, oldestCounted.plus(window)));
    }

    /** Counts one admission at {@code now}; the caller has checked {@link #waitFor} first. */
    void take(long limit, Instant now) {
        admissions.addLast(now);
        while (admissions.size() > limit) {
            admissions.removeFirst();
        }
    }

    /** Admissions within {@code window} before {@code now}. */
    int count(Duration window, Instant now) {
        forgetBefore(now.minus(window));
        return admissions.size();
    }

    /** The admissions still in the window, oldest first, for a store to persist. */
    List<Instant> snapshot(Duration window, Instant now) {
        forgetBefore(now.minus(window));
        return List.copyOf(admissions);
    }

    /** Puts back an admission from a snapshot; call in time order. */
    void restore(Instant admittedAt) {
        admissions.addLast(admittedAt);
    }

    private void forgetBefore(Instant windowStart) {
        while (!admissions.isEmpty() && !admissions.peekFirst().isAfter(windowStart)) {
            admissions.removeFirst();
        }
    }
}
