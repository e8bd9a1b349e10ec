package dev.llmrelay.core.translate.responses;

import dev.llmrelay.core.translate.json.JsonTrees;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
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
    private final ObjectNode response;
    private final Map<Integer, Item> open = new HashMap<>();
    private final ArrayNode done = JsonTrees.array();
    private ObjectNode claudeUsage = JsonTrees.object();
    private String stopReason = "end_turn";
    private int sequence;
    private int nextOutputIndex;
    private boolean started;
    private boolean over;

    private enum Kind { TEXT, TOOL_USE, THINKING }

    /** The output item of one Anthropic content block, while the block streams. */
    private static final class Item {
        final Kind kind;
        final String id;
        final int outputIndex;
        final String callId;
        final String name;
        final StringBuilder content = new StringBuilder();
        String signature = "";

        Item(Kind kind, String id, int outputIndex, String callId, String name) {
            this.kind = kind;
            this.id = id;
            this.outputIndex = outputIndex;
            this.callId = callId;
            this.name = name;
        }
    }

    ClaudeStreamToResponses(JsonTrees json, TranslationContext context, long createdAt) {
        this.json = json;
        this.response = ResponseShapes.response(JsonTrees.newId("resp_"), createdAt, context.clientModel(), "in_progress");
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (over) {
            return List.of();
        }
        JsonNode data = json.readValue(upstreamEvent.data(), "an upstream event");
        String type = upstreamEvent.event().orElse(text(data, "type"));
        List<SseEvent> events = new ArrayList<>();
        if (type.equals("ping")) {
            return events;
        }
        start(events);
        switch (type) {
            case "message_start" -> {
                if (data.path("message").path("usage").isObject()) {
                    claudeUsage = (ObjectNode) data.path("message").path("usage").deepCopy();
                }
            }
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"), events);
            case "content_block_delta" -> blockDelta(open.get(data.path("index").asInt()), data.path("delta"), events);
            case "content_block_stop" -> blockStop(open.remove(data.path("index").asInt()), events);
            case "message_delta" -> {
                ResponseShapes.update(claudeUsage, data.path("usage"));
                if (!text(data.path("delta"), "stop_reason").isEmpty()) {
                    stopReason = text(data.path("delta"), "stop_reason");
                }
            }
            case "message_stop" -> {
                over = true;
                ResponseShapes.finish(response, stopReason);
                response.set("output", done);
                response.set("usage", ResponseShapes.usage(claudeUsage));
                String terminal = ResponseShapes.incomplete(response) ? "response.incomplete" : "response.completed";
                events.add(event(terminal, JsonTrees.object().set("response", response)));
            }
            case "error" -> {
                String errorType = text(data.path("error"), "type");
                events.add(failed(errorType.equals("rate_limit_error") ? "rate_limit_exceeded" : "server_error",
                        text(data.path("error"), "message")));
            }
            default -> {
                // event types Anthropic adds later produce nothing
            }
        }
        return events;
    }

    @Override
    public List<SseEvent> onEnd() {
        if (over) {
            return List.of();
        }
        List<SseEvent> events = new ArrayList<>();
        start(events);
        events.add(failed("server_error", "the upstream stream ended before its last event"));
        return events;
    }

    /** {@code response.created} and {@code response.in_progress}, once, before anything else. */
    private void start(List<SseEvent> events) {
        if (started) {
            return;
        }
        started = true;
        events.add(event("response.created", JsonTrees.object().set("response", response.deepCopy())));
        events.add(event("response.in_progress", JsonTrees.object().set("response", response.deepCopy())));
    }

    private void blockStart(int index, JsonNode block, List<SseEvent> events) {
        switch (text(block, "type")) {
            case "text" -> {
                Item item = new Item(Kind.TEXT, JsonTrees.newId("msg_"), nextOutputIndex++, "", "");
                open.put(index, item);
                events.add(itemEvent("response.output_item.added", item,
                        ResponseShapes.message(item.id, "in_progress", null)));
                events.add(partEvent("response.content_part.added", item, "part", ResponseShapes.outputText("")));
            }
            case "tool_use" -> {
                Item item = new Item(Kind.TOOL_USE, JsonTrees.newId("fc_"), nextOutputIndex++, text(block, "id"), text(block, "name"));
                open.put(index, item);
                events.add(itemEvent("response.output_item.added", item,
                        ResponseShapes.functionCall(item.id, "in_progress", item.callId, item.name, "")));
            }
            case "thinking" -> {
                Item item = new Item(Kind.THINKING, JsonTrees.newId("rs_"), nextOutputIndex++, "", "");
                open.put(index, item);
                events.add(itemEvent("response.output_item.added", item, ResponseShapes.reasoning(item.id, null, null)));
                events.add(summaryEvent("response.reasoning_summary_part.added", item, "part", ResponseShapes.summaryText("")));
            }
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
            case "text_delta" -> {
                String piece = text(delta, "text");
                if (item.kind == Kind.TEXT && !piece.isEmpty()) {
                    item.content.append(piece);
                    ObjectNode body = itemBody(item);
                    body.put("content_index", 0);
                    body.put("delta", piece);
                    body.putArray("logprobs");
                    events.add(event("response.output_text.delta", body));
                }
            }
            case "input_json_delta" -> {
                String piece = text(delta, "partial_json");
                if (item.kind == Kind.TOOL_USE && !piece.isEmpty()) {
                    item.content.append(piece);
                    events.add(event("response.function_call_arguments.delta", itemBody(item).put("delta", piece)));
                }
            }
            case "thinking_delta" -> {
                String piece = text(delta, "thinking");
                if (item.kind == Kind.THINKING && !piece.isEmpty()) {
                    item.content.append(piece);
                    events.add(event("response.reasoning_summary_text.delta", itemBody(item).put("summary_index", 0).put("delta", piece)));
                }
            }
            case "signature_delta" -> item.signature += text(delta, "signature");
            default -> {
                // citations and later delta types have no Responses event
            }
        }
    }

    private void blockStop(Item item, List<SseEvent> events) {
        if (item == null) {
            return;
        }
        String content = item.content.toString();
        ObjectNode finished;
        switch (item.kind) {
            case TEXT -> {
                ObjectNode textDone = itemBody(item).put("content_index", 0).put("text", content);
                events.add(event("response.output_text.done", textDone));
                events.add(partEvent("response.content_part.done", item, "part", ResponseShapes.outputText(content)));
                finished = ResponseShapes.message(item.id, "completed", content);
            }
            case TOOL_USE -> {
                String arguments = content.isBlank() ? "{}" : content;
                events.add(event("response.function_call_arguments.done",
                        itemBody(item).put("name", item.name).put("arguments", arguments)));
                finished = ResponseShapes.functionCall(item.id, "completed", item.callId, item.name, arguments);
            }
            case THINKING -> {
                events.add(event("response.reasoning_summary_text.done", itemBody(item).put("summary_index", 0).put("text", content)));
                events.add(summaryEvent("response.reasoning_summary_part.done", item, "part", ResponseShapes.summaryText(content)));
                finished = ResponseShapes.reasoning(item.id, content, item.signature);
            }
            default -> throw new IllegalStateException("every kind of item is finished above");
        }
        done.add(finished);
        events.add(itemEvent("response.output_item.done", item, finished.deepCopy()));
    }

    private SseEvent failed(String code, String message) {
        over = true;
        response.put("status", "failed");
        response.set("output", done);
        response.putObject("error").put("code", code).put("message", message);
        return event("response.failed", JsonTrees.object().set("response", response));
    }

    private SseEvent itemEvent(String type, Item item, ObjectNode itemJson) {
        ObjectNode body = JsonTrees.object().put("output_index", item.outputIndex);
        body.set("item", itemJson);
        return event(type, body);
    }

    private SseEvent partEvent(String type, Item item, String member, ObjectNode part) {
        ObjectNode body = itemBody(item).put("content_index", 0);
        body.set(member, part);
        return event(type, body);
    }

    private SseEvent summaryEvent(String type, Item item, String member, ObjectNode part) {
        ObjectNode body = itemBody(item).put("summary_index", 0);
        body.set(member, part);
        return event(type, body);
    }

    private static ObjectNode itemBody(Item item) {
        return JsonTrees.object().put("item_id", item.id).put("output_index", item.outputIndex);
    }

    /** A Responses event: its {@code type}, its {@code sequence_number}, then the members of {@code body}. */
    private SseEvent event(String type, ObjectNode body) {
        ObjectNode data = JsonTrees.object().put("type", type).put("sequence_number", sequence++);
        data.setAll(body);
        return SseEvent.of(type, json.writeString(data));
    }
}
