package dev.llmrelay.core.translate.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.math.BigDecimal;

/**
 * What Anthropic requires that other protocols' clients leave out: a {@code max_tokens}, and a temperature
 * within 0–1.
 */
public final class ClaudeDefaults {
    private ClaudeDefaults() {
    }

    /**
     * The {@code max_tokens} sent when the client gives none: each model family's own output limit where it
     * is small (Claude 3 models), else 32,000, which every Claude 4 model accepts.
     */
    public static int maxTokens(String model) {
        if (model.startsWith("claude-3-5-") || model.startsWith("claude-3-7-")) {
            return 8192;
        }
        if (model.startsWith("claude-3-")) {
            return 4096;
        }
        return 32_000;
    }

    /** A temperature clamped into Anthropic's 0–1 (never rescaled): 1.4 becomes 1. */
    public static JsonNode temperature(JsonNode temperature) {
        BigDecimal value = temperature.decimalValue();
        if (value.compareTo(BigDecimal.ONE) > 0) {
            return IntNode.valueOf(1);
        }
        if (value.signum() < 0) {
            return IntNode.valueOf(0);
        }
        return temperature;
    }
}
