package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;

/**
 * A whole Chat completion as a Claude message (vectors rules 17–20): {@code reasoning_content} as a thinking
 * block (it has no signature to give), the text as one text block, then one {@code tool_use} block per tool
 * call; the finish reason and usage mapped.
 */
final class ChatAnswerToAnthropic {
    private final ObjectMapper json;
    private final JsonText text;

    ChatAnswerToAnthropic(ObjectMapper json) {
        this.json = json;
        this.text = new JsonText(json);
    }

    byte[] translate(JsonNode completion, TranslationContext context) {
        if (completion.has("error")) {
            throw new TranslationException("the upstream answered with an error: "
                    + UpstreamStreamErrors.fromChat(completion).message());
        }
        JsonNode choice = firstChoice(completion.path("choices"));
        JsonNode message = choice.path("message");
        String reasoning = reasoning(message);
        String answer = answerText(message);
        JsonNode calls = message.path("tool_calls");
        String upstreamId = completion.path("id").asText("");
        ChatUsage usage = ChatUsage.of(completion.path("usage"));
        return text.bytes(out -> {
            out.writeStartObject();
            out.writeStringField("id", upstreamId.isEmpty() ? Ids.message() : "msg_" + upstreamId);
            out.writeStringField("type", "message");
            out.writeStringField("role", "assistant");
            out.writeStringField("model", context.clientModel());
            out.writeArrayFieldStart("content");
            if (!reasoning.isEmpty()) {
                out.writeStartObject();
                out.writeStringField("type", "thinking");
                out.writeStringField("thinking", reasoning);
                out.writeStringField("signature", "");
                out.writeEndObject();
            }
            if (!answer.isEmpty()) {
                out.writeStartObject();
                out.writeStringField("type", "text");
                out.writeStringField("text", answer);
                out.writeEndObject();
            }
            for (JsonNode call : calls) {
                JsonNode function = call.path("function");
                out.writeStartObject();
                out.writeStringField("type", "tool_use");
                out.writeStringField("id", call.path("id").asText(""));
                out.writeStringField("name", function.path("name").asText(""));
                out.writeFieldName("input");
                out.writeTree(input(function.path("arguments")));
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeStringField("stop_reason", StopReasons.toAnthropic(choice.path("finish_reason").textValue()));
            out.writeNullField("stop_sequence");
            out.writeObjectFieldStart("usage");
            usage.writeAnthropicFields(out);
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    private static JsonNode firstChoice(JsonNode choices) {
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) == 0) {
                return choice;
            }
        }
        return choices.path(0);
    }

    /** The reasoning text compatible servers put beside the answer ({@code reasoning_content}, or {@code reasoning}). */
    static String reasoning(JsonNode messageOrDelta) {
        JsonNode reasoning = messageOrDelta.path("reasoning_content");
        if (!reasoning.isTextual()) {
            reasoning = messageOrDelta.path("reasoning");
        }
        return reasoning.isTextual() ? reasoning.asText() : "";
    }

    /** The answer's text: its content (a string, or text parts joined), else its refusal. */
    private static String answerText(JsonNode message) {
        JsonNode content = message.path("content");
        StringBuilder answer = new StringBuilder();
        if (content.isTextual()) {
            answer.append(content.asText());
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                answer.append(part.path("text").asText(""));
            }
        }
        JsonNode refusal = message.path("refusal");
        if (answer.isEmpty() && refusal.isTextual()) {
            answer.append(refusal.asText());
        }
        return answer.toString();
    }

    private JsonNode input(JsonNode arguments) {
        if (arguments.isObject()) {
            return arguments;
        }
        String argumentsText = arguments.asText("");
        if (argumentsText.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode input = json.readTree(argumentsText);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (JsonProcessingException e) {
            // refused below
        }
        throw new TranslationException("the upstream's tool call arguments are not a JSON object");
    }
}
