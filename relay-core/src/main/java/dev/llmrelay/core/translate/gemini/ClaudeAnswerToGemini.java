package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationContext;

/**
 * A whole Anthropic message as a Gemini {@code GenerateContentResponse}: text blocks become text parts,
 * tool_use blocks functionCall parts (with the tool_use id), thinking nothing.
 */
final class ClaudeAnswerToGemini {
    private ClaudeAnswerToGemini() {
    }

    static ObjectNode translate(ObjectNode message, TranslationContext context, JsonTrees json) {
        ArrayNode parts = JsonTrees.array();
        for (JsonNode block : message.path("content")) {
            switch (text(block, "type")) {
                case "text" -> {
                    if (!text(block, "text").isEmpty()) {
                        parts.addObject().put("text", text(block, "text"));
                    }
                }
                case "tool_use" -> parts.add(JsonOutputTool.isAnswer(text(block, "name"))
                        ? JsonOutputTool.textPart(json, block.path("input"))
                        : functionCall(text(block, "id"), text(block, "name"), block.path("input")));
                default -> {
                    // thinking, redacted_thinking and server-tool blocks have no Gemini part (rule 20)
                }
            }
        }
        ObjectNode answer = JsonTrees.object();
        ObjectNode candidate = answer.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.put("role", "model");
        content.set("parts", parts);
        candidate.put("finishReason", FinishReasons.toGemini(text(message, "stop_reason")));
        candidate.put("index", 0);
        answer.set("usageMetadata", ClaudeUsage.of(message.path("usage")).usageMetadata());
        answer.put("modelVersion", context.clientModel());
        if (!text(message, "id").isEmpty()) {
            answer.put("responseId", text(message, "id"));
        }
        return answer;
    }

    /** A part {@code {functionCall: {id, name, args}}}. */
    static ObjectNode functionCall(String id, String name, JsonNode input) {
        ObjectNode part = JsonTrees.object();
        ObjectNode call = part.putObject("functionCall");
        call.put("id", id);
        call.put("name", name);
        call.set("args", input.isObject() ? input : JsonTrees.object());
        return part;
    }
}
