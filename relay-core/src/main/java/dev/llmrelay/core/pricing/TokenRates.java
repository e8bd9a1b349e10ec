package dev.llmrelay.core.pricing;

/**
 * What one million tokens of each kind cost, in USD: uncached input, output (reasoning included), prompt
 * tokens written to a cache with the 5-minute and the 1-hour TTL, and prompt tokens read from a cache.
 * Providers without separate cache-write prices bill writes as input.
 */
public record TokenRates(double input, double output, double cacheWrite5m, double cacheWrite1h, double cacheRead) {

    public TokenRates {
        requirePrice(input, "input");
        requirePrice(output, "output");
        requirePrice(cacheWrite5m, "cacheWrite5m");
        requirePrice(cacheWrite1h, "cacheWrite1h");
        requirePrice(cacheRead, "cacheRead");
    }

    private static void requirePrice(double value, String name) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be a price of 0 or more, was " + value);
        }
    }
}
