package dev.llmrelay.bench.load;

/**
 * What a streaming load measured on one target.
 *
 * @param firstEvent from sending the request to the first event's arrival
 * @param transit from the mock writing a text event to its arrival at the client
 * @param gap between consecutive text events at the client
 */
public record StreamResult(String target, int clients, long streams, long errors, LatencySummary firstEvent,
                           LatencySummary transit, LatencySummary gap) {
}
