package dev.llmrelay.api.usage;

/**
 * Tokens one answer used, in the normal form every protocol is mapped onto: {@code inputTokens} excludes
 * the prompt tokens written to or read from a cache, so the whole prompt is input + cache write + cache read.
 *
 * @param cacheWrite1hTokens the part of {@code cacheWriteTokens} written with the 1-hour TTL (billed higher)
 * @param reasoningTokens the part of {@code outputTokens} spent on reasoning, where the provider reports it
 */
public record TokenUsage(
        long inputTokens,
        long outputTokens,
        long cacheWriteTokens,
        long cacheReadTokens,
        long cacheWrite1hTokens,
        long reasoningTokens) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0, 0, 0);

    public TokenUsage {
        if (inputTokens < 0 || outputTokens < 0 || cacheWriteTokens < 0 || cacheReadTokens < 0
                || cacheWrite1hTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts are never negative");
        }
    }

    public static TokenUsage of(long input, long output, long cacheWrite, long cacheRead) {
        return new TokenUsage(input, output, cacheWrite, cacheRead, 0, 0);
    }

    /** Every token, prompt and output. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheWriteTokens + cacheReadTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheWriteTokens + other.cacheWriteTokens, cacheReadTokens + other.cacheReadTokens,
                cacheWrite1hTokens + other.cacheWrite1hTokens, reasoningTokens + other.reasoningTokens);
    }
}
