package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import static dev.llmrelay.core.translate.json.JsonTrees.member;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A whole Gemini answer as an Anthropic message: parts keep their order, consecutive text parts form one
 * text block, each functionCall part one tool_use block (its Gemini id, else a new one), its
 * {@code thoughtSignature} remembered by that id ({@link ThoughtSignatures}); thought parts and other signatures
 * are dropped (rule 20). A prompt Gemini blocked is an empty {@code refusal}.
 */
final class GeminiAnswerToClaude {
    /** Part members that only annotate a part, never content of their own. */
    private static final Set<String> ANNOTATIONS = Set.of("thought", "thoughtSignature", "thought_signature",
            "partMetadata", "part_metadata");

    private GeminiAnswerToClaude() {
    }

    static ObjectNode translate(ObjectNode answer, TranslationContext context, ThoughtSignatures signatures) {
        JsonNode candidate = member(answer, "candidates").path(0);
        ArrayNode content = JsonTrees.array();
        StringBuilder text = new StringBuilder();
        boolean calledFunctions = false;
        for (JsonNode part : member(member(candidate, "content"), "parts")) {
            Optional<ObjectNode> call = functionCall(part);
            if (call.isPresent()) {
                flushText(text, content);
                signatures.remember(call.get().path("id").asText(), part);
                content.add(call.get());
                calledFunctions = true;
            } else {
                textOf(part).ifPresent(text::append);
            }
        }
        flushText(text, content);
        String finishReason = member(candidate, "finishReason").asText("");
        boolean blocked = !candidate.isObject() && member(member(answer, "promptFeedback"), "blockReason").isTextual();

        ObjectNode message = JsonTrees.object();
        message.put("id", messageId(answer));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", context.clientModel());
        message.set("content", content);
        message.put("stop_reason", blocked ? "refusal" : FinishReasons.toClaude(finishReason, calledFunctions));
        message.putNull("stop_sequence");
        message.set("usage", GeminiUsage.of(member(answer, "usageMetadata")).messageUsage());
        return message;
    }

    /** An Anthropic-style message id made from Gemini's response id, else a new one. */
    static String messageId(JsonNode answer) {
        String responseId = member(answer, "responseId").asText("");
        return responseId.isEmpty() ? JsonTrees.newId("msg_") : "msg_" + responseId;
    }

    /** The tool_use block of a functionCall part, if the part is one. */
    static Optional<ObjectNode> functionCall(JsonNode part) {
        JsonNode call = member(part, "functionCall");
        if (!call.isObject()) {
            return Optional.empty();
        }
        String id = text(call, "id");
        ObjectNode block = JsonTrees.object();
        block.put("type", "tool_use");
        block.put("id", id.isEmpty() ? JsonTrees.newId("toolu_") : id);
        block.put("name", text(call, "name"));
        JsonNode args = member(call, "args");
        block.set("input", args.isObject() ? args : JsonTrees.object());
        return Optional.of(block);
    }

    /**
     * The answer text of a part: none for thoughts, signatures and empty text; anything else Gemini may
     * answer with (images, code execution) has no Anthropic block and is refused.
     */
    static Optional<String> textOf(JsonNode part) {
        JsonNode text = part.get("text");
        if (text != null && text.isTextual()) {
            return text.asText().isEmpty() || part.path("thought").asBoolean(false) ? Optional.empty() : Optional.of(text.asText());
        }
        for (Map.Entry<String, JsonNode> member : part.properties()) {
            if (!ANNOTATIONS.contains(member.getKey()) && !member.getValue().isNull()) {
                throw new TranslationException("the upstream answered with a " + member.getKey()
                        + " part, which Anthropic Messages cannot express");
            }
        }
        return Optional.empty();
    }

    private static void flushText(StringBuilder text, ArrayNode content) {
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text.toString());
            text.setLength(0);
        }
    }
}
