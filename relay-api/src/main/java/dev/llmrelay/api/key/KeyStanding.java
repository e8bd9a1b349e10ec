package dev.llmrelay.api.key;

/**
 * Where a key stands against its limits now, as its policy counts them: requests and tokens in the current
 * rolling window, spend in USD this UTC day, this ISO week (Monday to Sunday, UTC) and in all, and requests
 * in flight.
 */
public record KeyStanding(long requestsInWindow, long tokensInWindow, double costTodayUsd, double costWeekUsd,
                          double costTotalUsd, int inFlight) {

    public static final KeyStanding NONE = new KeyStanding(0, 0, 0, 0, 0, 0);
}
