package dev.llmrelay.core.translate.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The OpenAI Responses {@code response} object as the translators that answer Responses clients build it. */
public final class ResponseObject {
    private ResponseObject() {
    }

    /**
     * A {@code response} object with every member the official SDKs read; {@code output} and {@code usage} are
     * filled in as the answer completes.
     */
    public static ObjectNode create(String id, long createdAt, String model, String status) {
        ObjectNode response = JsonTrees.object();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", createdAt);
        response.put("status", status);
        response.putNull("error");
        response.putNull("incomplete_details");
        response.putNull("instructions");
        response.putObject("metadata");
        response.put("model", model);
        response.putArray("output");
        response.put("parallel_tool_calls", true);
        response.putNull("temperature");
        response.put("tool_choice", "auto");
        response.putArray("tools");
        response.putNull("top_p");
        response.putNull("usage");
        return response;
    }

    /** Marks a finished answer completed, or incomplete for {@code incompleteReason} when that is not empty. */
    public static void finish(ObjectNode response, String incompleteReason) {
        if (incompleteReason.isEmpty()) {
            response.put("status", "completed");
        } else {
            response.put("status", "incomplete");
            response.putObject("incomplete_details").put("reason", incompleteReason);
        }
    }
}
