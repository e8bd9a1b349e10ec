package dev.llmrelay.core.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tokens one key's finished requests used over its rolling window: each request's tokens count from the
 * moment they are settled until a window later. Not thread-safe; its owner holds the lock.
 *
 * <p>Settlements within the same second (or the same 1024th of a window longer than 17 minutes) are kept as
 * one entry stamped with the latest of them, so the log holds about a thousand entries at most however busy
 * the key is. The earlier tokens of such an entry leave the window that much late, never early: merging never
 * lets a key past its limit.
 */
final class TokenWindow {
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long total;

    /** Tokens settled at one time (the latest settlement of its second). */
    private static final class Entry {
        Instant at;
        long tokens;

        Entry(Instant at, long tokens) {
            this.at = at;
            this.tokens = tokens;
        }
    }

    /** Counts {@code tokens} settled at {@code at}, in a window of {@code window}. */
    void add(long tokens, Instant at, Duration window) {
        if (tokens <= 0) {
            return;
        }
        long grain = grainMillis(window);
        Entry last = entries.peekLast();
        if (last != null && Math.floorDiv(last.at.toEpochMilli(), grain) == Math.floorDiv(at.toEpochMilli(), grain)) {
            last.tokens += tokens;
            if (at.isAfter(last.at)) {
                last.at = at;
            }
        } else {
            entries.addLast(new Entry(at, tokens));
        }
        total += tokens;
    }

    /** Tokens settled within {@code window} before {@code now}. */
    long count(Duration window, Instant now) {
        forgetBefore(now.minus(window));
        return total;
    }

    /**
     * How long until the tokens in the window ending then are under {@code limit}; empty when they are now.
     * Takes nothing.
     */
    Optional<Duration> waitFor(long limit, Duration window, Instant now) {
        if (count(window, now) < limit) {
            return Optional.empty();
        }
        long remaining = total;
        for (Entry entry : entries) {
            remaining -= entry.tokens;
            if (remaining < limit) {
                return Optional.of(Duration.between(now, entry.at.plus(window)));
            }
        }
        return Optional.of(window); // a limit of 0: never under it
    }

    /** The settlements still in the window, oldest first, for a store to persist. */
    List<KeyWindows.SettledTokens> snapshot(Duration window, Instant now) {
        forgetBefore(now.minus(window));
        List<KeyWindows.SettledTokens> settled = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            settled.add(new KeyWindows.SettledTokens(entry.at, entry.tokens));
        }
        return settled;
    }

    /** Settlements this close together share an entry: a second, or a 1024th of a longer window. */
    private static long grainMillis(Duration window) {
        return Math.max(1_000, window.toMillis() / 1_024);
    }

    private void forgetBefore(Instant windowStart) {
        while (!entries.isEmpty() && !entries.peekFirst().at.isAfter(windowStart)) {
            total -= entries.removeFirst().tokens;
        }
    }
}
