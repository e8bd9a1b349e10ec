/**
 * What requests cost: {@link dev.llmrelay.core.pricing.PriceTable}, the list prices of the Claude, OpenAI and
 * Gemini models shipped as {@code prices.json} (cache-write rates by TTL, cache reads, long-context tiers), with
 * an operator's file merged over them, as the engine's {@link dev.llmrelay.core.usage.CostCalculator}.
 */
package dev.llmrelay.core.pricing;
