package dev.llmrelay.bench.load;

/** Percentiles of one set of latencies, in milliseconds. */
public record LatencySummary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

    public static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0, 0);

    /** This summary's percentiles minus {@code baseline}'s: what the relay adds to the direct path. */
    public LatencySummary minus(LatencySummary baseline) {
        return new LatencySummary(count, p50Ms - baseline.p50Ms, p99Ms - baseline.p99Ms, p999Ms - baseline.p999Ms,
                maxMs - baseline.maxMs);
    }
}
