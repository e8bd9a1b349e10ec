package dev.llmrelay.core.translate.chat;

/** Claude's {@code stop_reason} and Chat's {@code finish_reason}, each as the other (vectors rule 17). */
final class StopReasons {
    private StopReasons() {
    }

    /** The Chat {@code finish_reason} for a Claude {@code stop_reason}; an unknown or missing one ends as {@code stop}. */
    static String toChat(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "tool_use" -> "tool_calls";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /**
     * The Claude {@code stop_reason} for a Chat {@code finish_reason}. {@code stop} is {@code end_turn} even when
     * the client sent stop sequences: Chat does not say which one matched.
     */
    static String toAnthropic(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
