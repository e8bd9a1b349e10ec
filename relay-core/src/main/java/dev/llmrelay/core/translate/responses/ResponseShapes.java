package dev.llmrelay.core.translate.responses;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ResponseItems;
import dev.llmrelay.core.translate.json.ResponseObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Responses objects an Anthropic answer becomes, whole or streamed: the {@code response} itself, its status
 * (rule 17) and its usage (rule 18); the items are {@link ResponseItems}.
 */
final class ResponseShapes {
    private ResponseShapes() {
    }

    /**
     * A {@code response} object with the members the official SDKs expect; {@code output} and {@code usage} are
     * filled in as the answer completes.
     */
    static ObjectNode response(String id, long createdAt, String model, String status) {
        return ResponseObject.create(id, createdAt, model, status);
    }

    /** Sets the status of a finished answer from Anthropic's stop reason: completed, or incomplete with its reason. */
    static void finish(ObjectNode response, String stopReason) {
        ResponseObject.finish(response, incompleteReason(stopReason));
    }

    /** Why an answer that stopped for Anthropic's {@code stopReason} is incomplete; empty when it is complete. */
    static String incompleteReason(String stopReason) {
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "max_output_tokens";
            case "refusal" -> "content_filter";
            default -> "";
        };
    }

    /**
     * Responses usage from Anthropic's counters: input counts cache writes and reads, cached tokens are the reads,
     * reasoning tokens Anthropic's {@code thinking_tokens} where it reports them. Codex requires all of it as
     * integers.
     */
    static ObjectNode usage(JsonNode claudeUsage) {
        long input = count(claudeUsage, "input_tokens") + count(claudeUsage, "cache_creation_input_tokens")
                + count(claudeUsage, "cache_read_input_tokens");
        long output = count(claudeUsage, "output_tokens");
        ObjectNode usage = JsonTrees.object();
        usage.put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens", count(claudeUsage, "cache_read_input_tokens"));
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens", count(claudeUsage.path("output_tokens_details"), "thinking_tokens"));
        usage.put("total_tokens", input + output);
        return usage;
    }

    /**
     * The counters of {@code later} (a stream's {@code message_delta} usage) that it carries non-null, put over
     * {@code usage} (the counts are cumulative, never added).
     */
    static void update(ObjectNode usage, JsonNode later) {
        later.properties().forEach(counter -> {
            if (!counter.getValue().isNull()) {
                usage.set(counter.getKey(), counter.getValue());
            }
        });
    }

    private static long count(JsonNode usage, String name) {
        JsonNode value = usage.path(name);
        return value.isNumber() ? value.asLong() : 0;
    }
}
