package dev.llmrelay.bench.load;

/**
 * What several rounds of one load on one target add up to: every latency, every error, every measured second.
 * Rounds on the direct path and through the relay alternate, so a disturbance from outside (others' work on a
 * shared machine) falls on both alike rather than on whichever ran at the time.
 */
public final class LoadTally {
    private final LatencySamples latencies = new LatencySamples();
    private long errors;
    private double seconds;

    /** Adds one round's figures. */
    public synchronized void add(LatencySamples roundLatencies, long roundErrors, double roundSeconds) {
        latencies.addAll(roundLatencies);
        errors += roundErrors;
        seconds += roundSeconds;
    }

    /** The rounds so far as one result. */
    public synchronized LoadResult result(String target, int clients) {
        return new LoadResult(target, clients, latencies.count(), errors, seconds,
                seconds == 0 ? 0 : latencies.count() / seconds, latencies.summary());
    }
}
