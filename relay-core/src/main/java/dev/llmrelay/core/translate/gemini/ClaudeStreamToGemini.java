package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Anthropic stream as a Gemini {@code alt=sse} stream (rule 24): one chunk per text delta, one chunk per
 * tool_use block once it is whole (Gemini clients expect complete args), and a last chunk with
 * {@code finishReason} and {@code usageMetadata} when the message stops. An upstream {@code error} event, or a
 * stream cut before {@code message_stop}, becomes one Google error chunk, and nothing follows it.
 */
final class ClaudeStreamToGemini implements StreamTranslation {
    private final JsonTrees json;
    private final TranslationContext context;
    private final Map<Integer, ToolCall> toolCalls = new HashMap<>();
    private String messageId = "";
    private ClaudeUsage usage = ClaudeUsage.ZERO;
    private String stopReason = "end_turn";
    private boolean over;

    /** A tool_use block whose input pieces are still arriving. */
    private record ToolCall(String id, String name, StringBuilder input) {
    }

    ClaudeStreamToGemini(JsonTrees json, TranslationContext context) {
        this.json = json;
        this.context = context;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (over) {
            return List.of();
        }
        JsonNode data = json.readValue(upstreamEvent.data(), "an upstream event");
        String type = upstreamEvent.event().orElse(text(data, "type"));
        switch (type) {
            case "message_start" -> {
                messageId = text(data.path("message"), "id");
                usage = ClaudeUsage.of(data.path("message").path("usage"));
            }
            case "content_block_start" -> {
                JsonNode block = data.path("content_block");
                if (text(block, "type").equals("tool_use")) {
                    toolCalls.put(data.path("index").asInt(), new ToolCall(text(block, "id"), text(block, "name"), new StringBuilder()));
                }
            }
            case "content_block_delta" -> {
                return delta(data.path("index").asInt(), data.path("delta"));
            }
            case "content_block_stop" -> {
                ToolCall call = toolCalls.remove(data.path("index").asInt());
                if (call != null) {
                    String input = call.input().toString();
                    JsonNode args = input.isBlank() ? JsonTrees.object() : json.readValue(input, "the tool call's input");
                    return List.of(chunk(JsonOutputTool.isAnswer(call.name())
                            ? JsonOutputTool.textPart(json, args)
                            : ClaudeAnswerToGemini.functionCall(call.id(), call.name(), args)));
                }
            }
            case "message_delta" -> {
                usage = usage.updatedBy(data.path("usage"));
                if (!text(data.path("delta"), "stop_reason").isEmpty()) {
                    stopReason = text(data.path("delta"), "stop_reason");
                }
            }
            case "message_stop" -> {
                over = true;
                return List.of(finish());
            }
            case "error" -> {
                over = true;
                return List.of(error(text(data.path("error"), "type"), text(data.path("error"), "message")));
            }
            default -> {
                // ping and event types Anthropic adds later produce nothing
            }
        }
        return List.of();
    }

    @Override
    public List<SseEvent> onEnd() {
        if (over) {
            return List.of();
        }
        over = true;
        return List.of(error("api_error", "the upstream stream ended before its last event"));
    }

    private List<SseEvent> delta(int index, JsonNode delta) {
        switch (text(delta, "type")) {
            case "text_delta" -> {
                if (!text(delta, "text").isEmpty()) {
                    return List.of(chunk(JsonTrees.object().put("text", text(delta, "text"))));
                }
            }
            case "input_json_delta" -> {
                ToolCall call = toolCalls.get(index);
                if (call != null) {
                    call.input().append(text(delta, "partial_json"));
                }
            }
            default -> {
                // thinking and signature deltas never reach Gemini clients (rule 20)
            }
        }
        return List.of();
    }

    private SseEvent chunk(ObjectNode part) {
        ObjectNode chunk = JsonTrees.object();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.put("role", "model");
        content.putArray("parts").add(part);
        candidate.put("index", 0);
        return withIdentity(chunk);
    }

    private SseEvent finish() {
        ObjectNode chunk = JsonTrees.object();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        candidate.put("finishReason", FinishReasons.toGemini(stopReason));
        candidate.put("index", 0);
        chunk.set("usageMetadata", usage.usageMetadata());
        return withIdentity(chunk);
    }

    private SseEvent withIdentity(ObjectNode chunk) {
        chunk.put("modelVersion", context.clientModel());
        if (!messageId.isEmpty()) {
            chunk.put("responseId", messageId);
        }
        return SseEvent.data(json.writeString(chunk));
    }

    /** Google's error shape for an Anthropic error type: overloaded is 503, a rate limit 429, the rest 500. */
    private SseEvent error(String claudeType, String message) {
        ObjectNode body = JsonTrees.object();
        ObjectNode error = body.putObject("error");
        switch (claudeType) {
            case "overloaded_error" -> error.put("code", 503).put("message", message).put("status", "UNAVAILABLE");
            case "rate_limit_error" -> error.put("code", 429).put("message", message).put("status", "RESOURCE_EXHAUSTED");
            default -> error.put("code", 500).put("message", message).put("status", "INTERNAL");
        }
        return SseEvent.data(json.writeString(body));
    }
}
