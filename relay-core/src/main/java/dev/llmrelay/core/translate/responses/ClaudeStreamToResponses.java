package dev.llmrelay.core.translate.responses;

import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ResponsesEventWriter;
import dev.llmrelay.core.translate.json.ResponsesEventWriter.Item;
import dev.llmrelay.core.translate.json.ResponsesEventWriter.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An Anthropic stream as a Responses stream (rule 21), the events Codex CLI reads: {@code response.created}
 * and {@code response.in_progress}; per text, tool_use and thinking block one output item, added, streamed
 * (output text, function call arguments passed through verbatim, reasoning summary text) and done; and
 * {@code response.completed} (or {@code response.incomplete}) last, with every item and integer usage. Every
 * event carries {@code sequence_number} 0, 1, 2, .... An upstream {@code error} event, or a stream cut before
 * {@code message_stop}, becomes {@code response.failed} with the items already done, and nothing follows it.
 */
final class ClaudeStreamToResponses implements StreamTranslation {
    private final JsonTrees json;
    private final ResponsesEventWriter writer;
    private final Map<Integer, Item> open = new HashMap<>();
    private ObjectNode claudeUsage = JsonTrees.object();
    private String stopReason = "end_turn";

    ClaudeStreamToResponses(JsonTrees json, TranslationContext context, long createdAt) {
        this.json = json;
        this.writer = new ResponsesEventWriter(json, context.clientModel(), createdAt);
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (writer.isOver()) {
            return List.of();
        }
        JsonNode data = json.readValue(upstreamEvent.data(), "an upstream event");
        String type = upstreamEvent.event().orElse(text(data, "type"));
        List<SseEvent> events = new ArrayList<>();
        if (type.equals("ping")) {
            return events;
        }
        writer.start(events);
        switch (type) {
            case "message_start" -> {
                if (data.path("message").path("usage").isObject()) {
                    claudeUsage = (ObjectNode) data.path("message").path("usage").deepCopy();
                }
            }
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"), events);
            case "content_block_delta" -> blockDelta(open.get(data.path("index").asInt()), data.path("delta"), events);
            case "content_block_stop" -> {
                Item item = open.remove(data.path("index").asInt());
                if (item != null) {
                    writer.finish(item, events);
                }
            }
            case "message_delta" -> {
                ResponseShapes.update(claudeUsage, data.path("usage"));
                if (!text(data.path("delta"), "stop_reason").isEmpty()) {
                    stopReason = text(data.path("delta"), "stop_reason");
                }
            }
            case "message_stop" -> writer.complete(ResponseShapes.incompleteReason(stopReason),
                    ResponseShapes.usage(claudeUsage), events);
            case "error" -> {
                String errorType = text(data.path("error"), "type");
                writer.fail(errorType.equals("rate_limit_error") ? "rate_limit_exceeded" : "server_error",
                        text(data.path("error"), "message"), events);
            }
            default -> {
                // event types Anthropic adds later produce nothing
            }
        }
        return events;
    }

    @Override
    public List<SseEvent> onEnd() {
        if (writer.isOver()) {
            return List.of();
        }
        List<SseEvent> events = new ArrayList<>();
        writer.start(events);
        writer.fail("server_error", "the upstream stream ended before its last event", events);
        return events;
    }

    private void blockStart(int index, JsonNode block, List<SseEvent> events) {
        switch (text(block, "type")) {
            case "text" -> open.put(index, writer.openMessage(events));
            case "tool_use" -> open.put(index, writer.openFunctionCall(text(block, "id"), text(block, "name"), events));
            case "thinking" -> open.put(index, writer.openReasoning(events));
            default -> {
                // redacted thinking and server-tool blocks have no item (rule 21)
            }
        }
    }

    private void blockDelta(Item item, JsonNode delta, List<SseEvent> events) {
        if (item == null) {
            return;
        }
        switch (text(delta, "type")) {
            case "text_delta" -> appendTo(item, Kind.MESSAGE, text(delta, "text"), events);
            case "input_json_delta" -> appendTo(item, Kind.FUNCTION_CALL, text(delta, "partial_json"), events);
            case "thinking_delta" -> appendTo(item, Kind.REASONING, text(delta, "thinking"), events);
            case "signature_delta" -> writer.appendSignature(item, text(delta, "signature"));
            default -> {
                // citations and later delta types have no Responses event
            }
        }
    }

    /** A delta goes only to the item of its block's kind (a text delta on a tool_use block is ignored). */
    private void appendTo(Item item, Kind kind, String piece, List<SseEvent> events) {
        if (item.kind() == kind) {
            writer.append(item, piece, events);
        }
    }
}
