package dev.llmrelay.core.translate.gemini;

import java.util.Set;

/** Anthropic {@code stop_reason} and Gemini {@code finishReason}, both ways. */
final class FinishReasons {
    private static final Set<String> REFUSALS =
            Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

    private FinishReasons() {
    }

    /** The Gemini reason for an Anthropic one; a reason Anthropic adds later is {@code OTHER}. */
    static String toGemini(String stopReason) {
        return switch (stopReason) {
            case "end_turn", "stop_sequence", "pause_turn", "tool_use" -> "STOP";
            case "max_tokens", "model_context_window_exceeded" -> "MAX_TOKENS";
            case "refusal" -> "SAFETY";
            default -> "OTHER";
        };
    }

    /**
     * The Anthropic reason for a Gemini one. A function call ends with {@code STOP} on Gemini, so "tool use" is
     * read from whether the answer held a functionCall part.
     */
    static String toClaude(String finishReason, boolean calledFunctions) {
        if (finishReason.equals("MAX_TOKENS")) {
            return "max_tokens";
        }
        if (REFUSALS.contains(finishReason)) {
            return "refusal";
        }
        return calledFunctions && finishReason.equals("STOP") ? "tool_use" : "end_turn";
    }
}
