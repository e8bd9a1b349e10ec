package dev.llmrelay.core.translate.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The output items of an OpenAI Responses answer (message, function_call, reasoning) and their parts. */
public final class ResponseItems {
    private ResponseItems() {
    }

    /** An assistant message item; {@code text} null while it streams (no content part yet). */
    public static ObjectNode message(String id, String status, String text) {
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

    public static ObjectNode outputText(String text) {
        ObjectNode part = JsonTrees.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    public static ObjectNode functionCall(String id, String status, String callId, String name, String arguments) {
        return JsonTrees.object().put("id", id).put("type", "function_call").put("status", status)
                .put("call_id", callId).put("name", name).put("arguments", arguments);
    }

    /**
     * A reasoning item; {@code summary} null while it streams, a non-empty {@code signature} (an Anthropic thinking
     * block's) as its {@code encrypted_content}.
     */
    public static ObjectNode reasoning(String id, String summary, String signature) {
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

    public static ObjectNode summaryText(String text) {
        return JsonTrees.object().put("type", "summary_text").put("text", text);
    }
}
