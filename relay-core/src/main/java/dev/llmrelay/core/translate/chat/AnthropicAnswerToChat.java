package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.protocol.TranslationContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole Claude answer as a Chat completion (vectors rules 7, 17–20): text blocks joined into
 * {@code content} ({@code null} when the answer holds only tool calls), thinking as {@code reasoning_content},
 * every {@code tool_use} a tool call in order, the finish reason and usage mapped.
 */
final class AnthropicAnswerToChat {
    private final ObjectMapper json;
    private final JsonText text;

    AnthropicAnswerToChat(ObjectMapper json) {
        this.json = json;
        this.text = new JsonText(json);
    }

    byte[] translate(JsonNode message, TranslationContext context, long created) {
        StringBuilder answer = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<JsonNode> toolUses = new ArrayList<>();
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> answer.append(block.path("text").asText(""));
                case "thinking" -> thinking.append(block.path("thinking").asText(""));
                case "tool_use" -> toolUses.add(block);
                default -> {
                    // redacted thinking and signatures never reach a Chat client; server tool blocks have no
                    // Chat form and only come when a Claude client asked for server tools.
                }
            }
        }
        AnthropicUsage usage = AnthropicUsage.of(message.path("usage"));
        String id = message.path("id").asText("");
        return text.bytes(out -> {
            out.writeStartObject();
            out.writeStringField("id", id.isEmpty() ? Ids.chatCompletion() : id);
            out.writeStringField("object", "chat.completion");
            out.writeNumberField("created", created);
            out.writeStringField("model", context.clientModel());
            out.writeArrayFieldStart("choices");
            out.writeStartObject();
            out.writeNumberField("index", 0);
            out.writeObjectFieldStart("message");
            out.writeStringField("role", "assistant");
            if (answer.isEmpty() && !toolUses.isEmpty()) {
                out.writeNullField("content");
            } else {
                out.writeStringField("content", answer.toString());
            }
            if (!thinking.isEmpty()) {
                out.writeStringField("reasoning_content", thinking.toString());
            }
            if (!toolUses.isEmpty()) {
                out.writeArrayFieldStart("tool_calls");
                for (JsonNode toolUse : toolUses) {
                    out.writeStartObject();
                    out.writeStringField("id", toolUse.path("id").asText(""));
                    out.writeStringField("type", "function");
                    out.writeObjectFieldStart("function");
                    out.writeStringField("name", toolUse.path("name").asText(""));
                    JsonNode input = toolUse.path("input");
                    out.writeStringField("arguments", json.writeValueAsString(input.isObject() ? input : json.createObjectNode()));
                    out.writeEndObject();
                    out.writeEndObject();
                }
                out.writeEndArray();
            }
            out.writeEndObject();
            out.writeNullField("logprobs");
            out.writeStringField("finish_reason", StopReasons.toChat(message.path("stop_reason").textValue()));
            out.writeEndObject();
            out.writeEndArray();
            out.writeFieldName("usage");
            usage.writeChat(out);
            out.writeEndObject();
        });
    }
}
