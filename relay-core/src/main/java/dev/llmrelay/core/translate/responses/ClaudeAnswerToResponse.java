package dev.llmrelay.core.translate.responses;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ResponseItems;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationContext;

/**
 * A whole Anthropic message as a Responses {@code response} (rule 19): each text block a message item, each
 * tool_use block a function_call item (its id as {@code call_id}), each thinking block a reasoning item whose
 * {@code encrypted_content} is the block's signature.
 */
final class ClaudeAnswerToResponse {
    private ClaudeAnswerToResponse() {
    }

    static ObjectNode translate(ObjectNode message, TranslationContext context, long createdAt, JsonTrees json) {
        ObjectNode response = ResponseShapes.response(JsonTrees.newId("resp_"), createdAt, context.clientModel(), "completed");
        ArrayNode output = response.putArray("output");
        for (JsonNode block : message.path("content")) {
            switch (text(block, "type")) {
                case "text" -> output.add(ResponseItems.message(JsonTrees.newId("msg_"), "completed", text(block, "text")));
                case "tool_use" -> output.add(ResponseItems.functionCall(JsonTrees.newId("fc_"), "completed", text(block, "id"),
                        text(block, "name"), json.writeString(block.path("input").isObject() ? block.path("input") : JsonTrees.object())));
                case "thinking" -> output.add(ResponseItems.reasoning(JsonTrees.newId("rs_"), text(block, "thinking"),
                        text(block, "signature")));
                default -> {
                    // redacted thinking and server-tool blocks have no item (rule 21)
                }
            }
        }
        ResponseShapes.finish(response, text(message, "stop_reason"));
        response.set("usage", ResponseShapes.usage(message.path("usage")));
        return response;
    }
}
