package dev.llmrelay.core.translate.responseschat;

import static dev.llmrelay.core.translate.json.JsonTrees.count;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ResponseObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Responses objects a Chat answer becomes: the {@code response}, its items (message, function_call,
 * reasoning), its status from Chat's {@code finish_reason} (rule 17), and its usage from Chat's (rule 18).
 */
final class ResponseObjects {
    private ResponseObjects() {
    }

    /** A {@code response} with the members the OpenAI SDKs read; output and usage are set as the answer ends. */
    static ObjectNode response(String id, long createdAt, String model) {
        return ResponseObject.create(id, createdAt, model, "in_progress");
    }

    /**
     * The status for Chat's finish reason: {@code length} is incomplete for max_output_tokens, {@code content_filter}
     * incomplete for content_filter, anything else completed.
     */
    static void finish(ObjectNode response, String finishReason) {
        String reason = switch (finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> "";
        };
        ResponseObject.finish(response, reason);
    }

    /**
     * Responses usage from Chat usage ({@code null} or absent counts as zero): both count cached tokens in the
     * prompt and reasoning in the output, so the numbers carry over; Codex requires the three totals as integers.
     */
    static ObjectNode usage(JsonNode chatUsage) {
        long input = count(chatUsage, "prompt_tokens");
        long output = count(chatUsage, "completion_tokens");
        JsonNode promptDetails = chatUsage.path("prompt_tokens_details");
        ObjectNode usage = JsonTrees.object().put("input_tokens", input);
        ObjectNode inputDetails = usage.putObject("input_tokens_details").put("cached_tokens", count(promptDetails, "cached_tokens"));
        if (promptDetails.path("cache_write_tokens").isNumber()) {
            inputDetails.put("cache_write_tokens", promptDetails.path("cache_write_tokens").asLong());
        }
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details")
                .put("reasoning_tokens", count(chatUsage.path("completion_tokens_details"), "reasoning_tokens"));
        usage.put("total_tokens", input + output);
        return usage;
    }

    static ObjectNode message(String id, String status, String text) {
        ObjectNode item = JsonTrees.object().put("id", id).put("type", "message").put("role", "assistant").put("status", status);
        var content = item.putArray("content");
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

    /** A reasoning item with its summary ({@code null} while it streams); a Chat upstream gives nothing to encrypt. */
    static ObjectNode reasoning(String id, String summary) {
        ObjectNode item = JsonTrees.object().put("id", id).put("type", "reasoning");
        var parts = item.putArray("summary");
        if (summary != null) {
            parts.add(summaryText(summary));
        }
        return item;
    }

    static ObjectNode summaryText(String text) {
        return JsonTrees.object().put("type", "summary_text").put("text", text);
    }

    /** The non-standard reasoning text compatible servers send: {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning}. */
    static String reasoningText(JsonNode messageOrDelta) {
        String text = JsonTrees.text(messageOrDelta, "reasoning_content");
        return text.isEmpty() ? JsonTrees.text(messageOrDelta, "reasoning") : text;
    }
}
