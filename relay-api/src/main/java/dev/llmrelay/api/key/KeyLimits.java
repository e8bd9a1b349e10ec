package dev.llmrelay.api.key;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A key's limits; each absent one means no limit. Request and token limits count over a rolling window of
 * {@code windowSeconds}; cost limits over the UTC day, the ISO week and the key's whole life.
 */
public record KeyLimits(
        OptionalInt windowSeconds,
        OptionalLong requestsPerWindow,
        OptionalLong tokensPerWindow,
        OptionalDouble costPerDayUsd,
        OptionalDouble costPerWeekUsd,
        OptionalDouble costTotalUsd,
        OptionalInt maxConcurrency) {

    /** No limit at all. */
    public static final KeyLimits NONE = new KeyLimits(OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty(),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());

    /** The window a key uses when it sets per-window limits but no window. */
    public static final int DEFAULT_WINDOW_SECONDS = 60;

    public KeyLimits {
        windowSeconds.ifPresent(w -> requirePositive(w, "windowSeconds"));
        maxConcurrency.ifPresent(c -> requirePositive(c, "maxConcurrency"));
        requestsPerWindow.ifPresent(r -> requireNotNegative(r, "requestsPerWindow"));
        tokensPerWindow.ifPresent(t -> requireNotNegative(t, "tokensPerWindow"));
        costPerDayUsd.ifPresent(c -> requireNotNegative(c, "costPerDayUsd"));
        costPerWeekUsd.ifPresent(c -> requireNotNegative(c, "costPerWeekUsd"));
        costTotalUsd.ifPresent(c -> requireNotNegative(c, "costTotalUsd"));
    }

    public int effectiveWindowSeconds() {
        return windowSeconds.orElse(DEFAULT_WINDOW_SECONDS);
    }

    /** Whether no limit is set at all. */
    public boolean isEmpty() {
        return requestsPerWindow.isEmpty() && tokensPerWindow.isEmpty() && costPerDayUsd.isEmpty()
                && costPerWeekUsd.isEmpty() && costTotalUsd.isEmpty() && maxConcurrency.isEmpty();
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requireNotNegative(double value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
