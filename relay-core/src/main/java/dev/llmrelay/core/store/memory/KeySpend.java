package dev.llmrelay.core.store.memory;

import dev.llmrelay.core.key.KeyRefusals;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What one key has spent, in whole nano-dollars so that sums and limit comparisons are exact: this UTC day,
 * this ISO week (Monday to Sunday, UTC) and in all. A request's cost counts in the day and week it was
 * admitted, as its usage record does. Not thread-safe; its owner holds the lock.
 */
final class KeySpend {
    private LocalDate day = LocalDate.MIN;
    private long dayNanos;
    private LocalDate week = LocalDate.MIN;
    private long weekNanos;
    private long totalNanos;

    private static LocalDate dayOf(Instant at) {
        return KeyRefusals.dayOf(at);
    }

    private static LocalDate weekOf(Instant at) {
        return KeyRefusals.weekOf(at);
    }

    /** Counts {@code nanos} spent by a request admitted at {@code admittedAt}, as seen at {@code now}. */
    void add(long nanos, Instant admittedAt, Instant now) {
        roll(now);
        totalNanos += nanos;
        if (dayOf(admittedAt).equals(day)) {
            dayNanos += nanos;
        }
        if (weekOf(admittedAt).equals(week)) {
            weekNanos += nanos;
        }
    }

    long today(Instant now) {
        roll(now);
        return dayNanos;
    }

    long thisWeek(Instant now) {
        roll(now);
        return weekNanos;
    }

    long total() {
        return totalNanos;
    }

    private void roll(Instant now) {
        LocalDate today = dayOf(now);
        if (!today.equals(day)) {
            day = today;
            dayNanos = 0;
        }
        LocalDate thisWeek = weekOf(now);
        if (!thisWeek.equals(week)) {
            week = thisWeek;
            weekNanos = 0;
        }
    }
}
