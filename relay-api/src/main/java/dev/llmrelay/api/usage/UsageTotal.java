package dev.llmrelay.api.usage;

import java.util.Objects;

/** The sum of the usage of one group (a key, an account or a model) over one period. */
public record UsageTotal(String group, String period, long requests, TokenUsage tokens, double costUsd) {
    public UsageTotal {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(tokens, "tokens");
    }
}
