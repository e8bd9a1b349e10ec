package dev.llmrelay.core.translate.responseschat;

import static dev.llmrelay.core.translate.json.JsonTrees.count;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ResponseObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Responses objects a Chat answer becomes: the {@code response} (its items are
 * {@link dev.llmrelay.core.translate.json.ResponseItems}), its status from Chat's {@code finish_reason} (rule 17), and its usage from Chat's (rule 18).
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
        ResponseObject.finish(response, incompleteReason(finishReason));
    }

    /** Why an answer that finished for Chat's {@code finishReason} is incomplete; empty when it is complete. */
    static String incompleteReason(String finishReason) {
        return switch (finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> "";
        };
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

    /** The non-standard reasoning text compatible servers send: {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning}. */
    static String reasoningText(JsonNode messageOrDelta) {
        String text = JsonTrees.text(messageOrDelta, "reasoning_content");
        return text.isEmpty() ? JsonTrees.text(messageOrDelta, "reasoning") : text;
    }
}
