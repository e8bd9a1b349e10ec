package dev.llmrelay.core.key;

/**
 * Spend as whole nano-dollars, how every store counts a key's budgets so that sums and limit comparisons are
 * exact.
 */
public final class SpendNanos {
    private static final double NANOS_PER_USD = 1e9;

    private SpendNanos() {
    }

    /** USD as nano-dollars; a negative or non-finite cost counts as none. */
    public static long of(double usd) {
        return Double.isFinite(usd) && usd > 0 ? Math.round(usd * NANOS_PER_USD) : 0;
    }

    public static double toUsd(long nanos) {
        return nanos / NANOS_PER_USD;
    }
}
