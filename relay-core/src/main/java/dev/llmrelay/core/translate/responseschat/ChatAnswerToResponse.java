package dev.llmrelay.core.translate.responseschat;

import static dev.llmrelay.core.translate.json.JsonTrees.text;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ResponseItems;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;

/**
 * A whole chat completion as a {@code response} (rule 19): its reasoning (when the server sends any) as a
 * reasoning item, its text as a message item, each tool call as a function_call item with the call's id as
 * {@code call_id}, in that order.
 */
final class ChatAnswerToResponse {
    private ChatAnswerToResponse() {
    }

    static ObjectNode translate(ObjectNode completion, TranslationContext context, long createdAt) {
        JsonNode choice = null;
        for (JsonNode candidate : completion.path("choices")) {
            if (candidate.path("index").asInt(0) == 0) {
                choice = candidate;
                break;
            }
        }
        if (choice == null) {
            throw new TranslationException("the upstream's answer holds no choice");
        }
        JsonNode message = choice.path("message");
        ObjectNode response = ResponseObjects.response(JsonTrees.newId("resp_"), createdAt, context.clientModel());
        ArrayNode output = response.putArray("output");
        String reasoning = ResponseObjects.reasoningText(message);
        if (!reasoning.isEmpty()) {
            output.add(ResponseItems.reasoning(JsonTrees.newId("rs_"), reasoning, null));
        }
        String text = text(message, "content");
        if (text.isEmpty()) {
            text = text(message, "refusal");
        }
        if (!text.isEmpty()) {
            output.add(ResponseItems.message(JsonTrees.newId("msg_"), "completed", text));
        }
        for (JsonNode call : message.path("tool_calls")) {
            String arguments = text(call.path("function"), "arguments");
            output.add(ResponseItems.functionCall(JsonTrees.newId("fc_"), "completed",
                    text(call, "id").isEmpty() ? JsonTrees.newId("call_") : text(call, "id"),
                    text(call.path("function"), "name"), arguments.isBlank() ? "{}" : arguments));
        }
        ResponseObjects.finish(response, text(choice, "finish_reason"));
        response.set("usage", ResponseObjects.usage(completion.path("usage")));
        return response;
    }
}
