package dev.llmrelay.core.translate.responses;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ResponseObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Responses objects an Anthropic answer becomes, whole or streamed: the {@code response} itself, its output
 * items (message, function_call, reasoning), its status (rule 17) and its usage (rule 18).
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
        String incompleteReason = switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "max_output_tokens";
            case "refusal" -> "content_filter";
            default -> "";
        };
        ResponseObject.finish(response, incompleteReason);
    }

    /** Whether {@code response} (after {@link #finish}) ends as {@code response.incomplete}. */
    static boolean incomplete(ObjectNode response) {
        return response.path("status").asText().equals("incomplete");
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

    static ObjectNode message(String id, String status, String text) {
        ObjectNode item = JsonTrees.object();
        item.put("id", id);
        item.put("type", "message");
        item.put("role", "assistant");
        item.put("status", status);
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = JsonTrees.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    static ObjectNode functionCall(String id, String status, String callId, String name, String arguments) {
        return JsonTrees.object().put("id", id).put("type", "function_call").put("status", status)
                .put("call_id", callId).put("name", name).put("arguments", arguments);
    }

    /** A reasoning item; {@code summary} null while it streams, its signature as {@code encrypted_content}. */
    static ObjectNode reasoning(String id, String summary, String signature) {
        ObjectNode item = JsonTrees.object().put("id", id).put("type", "reasoning");
        ArrayNode parts = item.putArray("summary");
        if (summary != null) {
            parts.add(summaryText(summary));
        }
        if (signature != null && !signature.isEmpty()) {
            item.put("encrypted_content", signature);
        }
        return item;
    }

    static ObjectNode summaryText(String text) {
        return JsonTrees.object().put("type", "summary_text").put("text", text);
    }

    private static long count(JsonNode usage, String name) {
        JsonNode value = usage.path(name);
        return value.isNumber() ? value.asLong() : 0;
    }
}
