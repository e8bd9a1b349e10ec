package dev.llmrelay.core.pricing;

import dev.llmrelay.api.usage.TokenUsage;
import java.util.Objects;
import java.util.Optional;

/**
 * The price of one model: its rates, and the higher rates some providers charge a whole request whose prompt
 * is long (Gemini 2.5 Pro above 200k prompt tokens, Claude Sonnet 4.x with the 1M context above 200k).
 *
 * @param longContext rates for a request whose prompt (input + cache write + cache read) is over
 *     {@link LongContext#abovePromptTokens()}; they then apply to every token of it, output included
 */
public record ModelPrice(TokenRates rates, Optional<LongContext> longContext) {

    private static final double PER_MILLION = 1_000_000.0;

    public ModelPrice {
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(longContext, "longContext");
    }

    public static ModelPrice of(TokenRates rates) {
        return new ModelPrice(rates, Optional.empty());
    }

    /** Rates that apply once a request's prompt is over {@code abovePromptTokens} tokens. */
    public record LongContext(long abovePromptTokens, TokenRates rates) {
        public LongContext {
            if (abovePromptTokens <= 0) {
                throw new IllegalArgumentException("abovePromptTokens must be positive");
            }
            Objects.requireNonNull(rates, "rates");
        }
    }

    /** The rates that apply to a request with this usage. */
    public TokenRates ratesFor(TokenUsage usage) {
        long prompt = usage.inputTokens() + usage.cacheWriteTokens() + usage.cacheReadTokens();
        return longContext.filter(tier -> prompt > tier.abovePromptTokens()).map(LongContext::rates).orElse(rates);
    }

    /**
     * The cost in USD of one request: input, 5-minute and 1-hour cache writes, cache reads and output, each at
     * its rate. The 1-hour part of the cache writes is {@link TokenUsage#cacheWrite1hTokens()}; the rest of
     * {@link TokenUsage#cacheWriteTokens()} is billed at the 5-minute rate.
     */
    public double costUsd(TokenUsage usage) {
        TokenRates applied = ratesFor(usage);
        long oneHour = Math.min(usage.cacheWrite1hTokens(), usage.cacheWriteTokens());
        long fiveMinutes = usage.cacheWriteTokens() - oneHour;
        return (usage.inputTokens() * applied.input()
                + fiveMinutes * applied.cacheWrite5m()
                + oneHour * applied.cacheWrite1h()
                + usage.cacheReadTokens() * applied.cacheRead()
                + usage.outputTokens() * applied.output()) / PER_MILLION;
    }
}
