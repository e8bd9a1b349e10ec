package dev.llmrelay.bench.load;

import java.util.Arrays;

/**
 * Every latency one load thread measured, in nanoseconds, kept whole (no histogram buckets) so percentiles
 * are exact. Used by one thread at a time; threads' samples are merged with {@link #addAll}.
 */
public final class LatencySamples {
    private long[] nanos = new long[1024];
    private int count;

    public void add(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, nanos.length * 2);
        }
        nanos[count++] = latencyNanos;
    }

    public synchronized void addAll(LatencySamples other) {
        for (int i = 0; i < other.count; i++) {
            add(other.nanos[i]);
        }
    }

    public int count() {
        return count;
    }

    /** The percentiles of what was measured. */
    public LatencySummary summary() {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new LatencySummary(count, millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 0.999),
                count == 0 ? 0 : sorted[count - 1] / 1e6);
    }

    private static double millis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
