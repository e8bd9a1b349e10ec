package dev.llmrelay.bench.load;

/**
 * What one load run measured on one target.
 *
 * @param requests answers completed inside the measured window
 * @param errors answers that were not 200, and failed connections
 * @param requestsPerSecond {@code requests} over the window
 * @param latency per request: from send (closed loop) or from the intended send time (fixed rate)
 */
public record LoadResult(String target, int clients, long requests, long errors, double seconds,
                         double requestsPerSecond, LatencySummary latency) {
}
