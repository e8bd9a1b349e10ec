package dev.llmrelay.core.usage;

import dev.llmrelay.api.usage.TokenUsage;

/** Prices one answer's tokens in USD for a model; a model without a known price costs 0. */
@FunctionalInterface
public interface CostCalculator {

    double costUsd(String model, TokenUsage usage);

    /** Prices nothing: every answer costs 0 (for embedders that meter tokens only). */
    static CostCalculator free() {
        return (model, usage) -> 0.0;
    }
}
