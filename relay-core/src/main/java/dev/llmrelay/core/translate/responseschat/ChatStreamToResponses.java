package dev.llmrelay.core.translate.responseschat;

import static dev.llmrelay.core.translate.json.JsonTrees.text;

import dev.llmrelay.core.translate.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Chat stream as a Responses stream, the events Codex CLI reads. The first chunk opens
 * {@code response.created} and {@code response.in_progress}. Reasoning text (a server's non-standard
 * {@code reasoning_content}), text, and each tool call by its {@code index} become output items, numbered from 0
 * as they open: added, streamed ({@code response.reasoning_summary_text.delta}, {@code response.output_text.delta},
 * {@code response.function_call_arguments.delta} with the pieces verbatim; calls may interleave) and done. A
 * reasoning item is done when text or a call starts, a text item when a call starts; the {@code finish_reason}
 * finishes every open item in output order. {@code response.completed} (or {@code response.incomplete} for
 * {@code length} and {@code content_filter}) waits for the usage chunk: it is sent at {@code [DONE]} or at the
 * end of the stream, with every item and integer usage. Every event carries {@code sequence_number} 0, 1, 2, ....
 * An error chunk, an unreadable chunk, or a stream that ends with no {@code finish_reason} ends the client's
 * stream with one {@code response.failed} holding the items already done (rule 26), and nothing after it.
 */
final class ChatStreamToResponses implements StreamTranslation {
    private enum Kind { REASONING, TEXT, CALL }

    /** One output item while it streams. */
    private static final class Item {
        final Kind kind;
        final String id;
        final int outputIndex;
        final String callId;
        final String name;
        final StringBuilder content = new StringBuilder();

        Item(Kind kind, String id, int outputIndex, String callId, String name) {
            this.kind = kind;
            this.id = id;
            this.outputIndex = outputIndex;
            this.callId = callId;
            this.name = name;
        }
    }

    private final JsonTrees json;
    private final ObjectNode response;
    private final TreeMap<Integer, Item> open = new TreeMap<>();
    private final TreeMap<Integer, ObjectNode> done = new TreeMap<>();
    private final Map<Integer, Item> callsByIndex = new HashMap<>();
    private Item reasoning;
    private Item text;
    private JsonNode usage = JsonTrees.object();
    private String finishReason;
    private int sequence;
    private int nextOutputIndex;
    private boolean started;
    private boolean over;

    ChatStreamToResponses(JsonTrees json, TranslationContext context, long createdAt) {
        this.json = json;
        this.response = ResponseObjects.response(JsonTrees.newId("resp_"), createdAt, context.clientModel());
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (over) {
            return List.of();
        }
        List<SseEvent> events = new ArrayList<>();
        start(events);
        String data = upstreamEvent.data();
        if (data.equals("[DONE]")) {
            end(events);
            return events;
        }
        Optional<JsonNode> parsed = json.tryParse(data);
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            events.add(failed("server_error", "the upstream sent a stream event that is not JSON"));
            return events;
        }
        JsonNode chunk = parsed.get();
        if (JsonTrees.has(chunk, "error")) {
            events.add(upstreamError(chunk.get("error")));
            return events;
        }
        if (chunk.path("usage").isObject()) {
            usage = chunk.path("usage");
        }
        JsonNode choice = null;
        for (JsonNode candidate : chunk.path("choices")) {
            if (candidate.path("index").asInt(0) == 0) {
                choice = candidate;
                break;
            }
        }
        if (choice != null && finishReason == null) {
            delta(choice.path("delta"), events);
            if (choice.path("finish_reason").isTextual()) {
                finishReason = choice.path("finish_reason").asText();
                for (Item item : List.copyOf(open.values())) {
                    finish(item, events);
                }
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
        end(events);
        return events;
    }

    /** {@code [DONE]} or the end of the stream: the terminal event, or a failure when no finish_reason came. */
    private void end(List<SseEvent> events) {
        if (finishReason == null) {
            events.add(failed("server_error", "the upstream stream ended before its finish_reason"));
            return;
        }
        over = true;
        ResponseObjects.finish(response, finishReason);
        response.set("output", output());
        response.set("usage", ResponseObjects.usage(usage));
        String type = response.path("status").asText().equals("incomplete") ? "response.incomplete" : "response.completed";
        events.add(event(type, JsonTrees.object().set("response", response)));
    }

    private void start(List<SseEvent> events) {
        if (!started) {
            started = true;
            events.add(event("response.created", JsonTrees.object().set("response", response.deepCopy())));
            events.add(event("response.in_progress", JsonTrees.object().set("response", response.deepCopy())));
        }
    }

    private void delta(JsonNode delta, List<SseEvent> events) {
        String thought = ResponseObjects.reasoningText(delta);
        if (!thought.isEmpty()) {
            if (reasoning == null) {
                finishText(events);
                reasoning = open(Kind.REASONING, JsonTrees.newId("rs_"), "", "", events);
            }
            reasoning.content.append(thought);
            events.add(event("response.reasoning_summary_text.delta", itemBody(reasoning).put("summary_index", 0).put("delta", thought)));
        }
        String piece = text(delta, "content");
        if (piece.isEmpty()) {
            piece = text(delta, "refusal");
        }
        if (!piece.isEmpty()) {
            if (text == null) {
                finishReasoning(events);
                text = open(Kind.TEXT, JsonTrees.newId("msg_"), "", "", events);
            }
            text.content.append(piece);
            ObjectNode body = itemBody(text).put("content_index", 0).put("delta", piece);
            body.putArray("logprobs");
            events.add(event("response.output_text.delta", body));
        }
        JsonNode calls = delta.path("tool_calls");
        for (int position = 0; position < calls.size(); position++) {
            toolCall(calls.get(position), position, events);
        }
    }

    private void toolCall(JsonNode entry, int position, List<SseEvent> events) {
        int index = entry.path("index").asInt(position);
        String id = text(entry, "id");
        JsonNode function = entry.path("function");
        Item call = callsByIndex.get(index);
        // Some compatible servers repeat the id in every piece; only a different id at a known index is a new call.
        boolean starts = call == null ? !id.isEmpty() || function.path("name").isTextual() : !id.isEmpty() && !id.equals(call.callId);
        if (starts) {
            if (call != null && open.containsKey(call.outputIndex)) {
                finish(call, events);
            }
            finishReasoning(events);
            finishText(events);
            call = open(Kind.CALL, JsonTrees.newId("fc_"), id.isEmpty() ? JsonTrees.newId("call_") : id, text(function, "name"), events);
            callsByIndex.put(index, call);
        }
        String arguments = text(function, "arguments");
        if (call != null && !arguments.isEmpty() && open.containsKey(call.outputIndex)) {
            call.content.append(arguments);
            events.add(event("response.function_call_arguments.delta", itemBody(call).put("delta", arguments)));
        }
    }

    private Item open(Kind kind, String id, String callId, String name, List<SseEvent> events) {
        Item item = new Item(kind, id, nextOutputIndex++, callId, name);
        open.put(item.outputIndex, item);
        switch (kind) {
            case REASONING -> {
                events.add(itemEvent("response.output_item.added", item, ResponseObjects.reasoning(id, null)));
                ObjectNode body = itemBody(item).put("summary_index", 0);
                body.set("part", ResponseObjects.summaryText(""));
                events.add(event("response.reasoning_summary_part.added", body));
            }
            case TEXT -> {
                events.add(itemEvent("response.output_item.added", item, ResponseObjects.message(id, "in_progress", null)));
                ObjectNode body = itemBody(item).put("content_index", 0);
                body.set("part", ResponseObjects.outputText(""));
                events.add(event("response.content_part.added", body));
            }
            case CALL -> events.add(itemEvent("response.output_item.added", item,
                    ResponseObjects.functionCall(id, "in_progress", callId, name, "")));
        }
        return item;
    }

    private void finishReasoning(List<SseEvent> events) {
        if (reasoning != null) {
            finish(reasoning, events);
        }
    }

    private void finishText(List<SseEvent> events) {
        if (text != null) {
            finish(text, events);
        }
    }

    private void finish(Item item, List<SseEvent> events) {
        open.remove(item.outputIndex);
        String content = item.content.toString();
        ObjectNode finished;
        switch (item.kind) {
            case REASONING -> {
                reasoning = null;
                events.add(event("response.reasoning_summary_text.done", itemBody(item).put("summary_index", 0).put("text", content)));
                ObjectNode body = itemBody(item).put("summary_index", 0);
                body.set("part", ResponseObjects.summaryText(content));
                events.add(event("response.reasoning_summary_part.done", body));
                finished = ResponseObjects.reasoning(item.id, content);
            }
            case TEXT -> {
                text = null;
                events.add(event("response.output_text.done", itemBody(item).put("content_index", 0).put("text", content)));
                ObjectNode body = itemBody(item).put("content_index", 0);
                body.set("part", ResponseObjects.outputText(content));
                events.add(event("response.content_part.done", body));
                finished = ResponseObjects.message(item.id, "completed", content);
            }
            case CALL -> {
                String arguments = content.isBlank() ? "{}" : content;
                events.add(event("response.function_call_arguments.done",
                        itemBody(item).put("name", item.name).put("arguments", arguments)));
                finished = ResponseObjects.functionCall(item.id, "completed", item.callId, item.name, arguments);
            }
            default -> throw new IllegalStateException("every kind is finished above");
        }
        done.put(item.outputIndex, finished);
        events.add(itemEvent("response.output_item.done", item, finished.deepCopy()));
    }

    private ArrayNode output() {
        ArrayNode output = JsonTrees.array();
        done.values().forEach(output::add);
        return output;
    }

    /**
     * A Chat error chunk ({@code {"message","type","code"}}, or a bare string) as the codes Codex acts on:
     * rate limits, quota and context length keep their code, anything else is a server error.
     */
    private SseEvent upstreamError(JsonNode error) {
        if (error.isTextual()) {
            return failed("server_error", error.asText());
        }
        String kind = (text(error, "type") + " " + text(error, "code")).toLowerCase(Locale.ROOT);
        String code;
        if (kind.contains("insufficient_quota")) {
            code = "insufficient_quota";
        } else if (kind.contains("rate_limit")) {
            code = "rate_limit_exceeded";
        } else if (kind.contains("context_length_exceeded")) {
            code = "context_length_exceeded";
        } else {
            code = "server_error";
        }
        String message = text(error, "message");
        return failed(code, message.isBlank() ? "the upstream failed during the stream" : message);
    }

    private SseEvent failed(String code, String message) {
        over = true;
        response.put("status", "failed");
        response.set("output", output());
        response.putObject("error").put("code", code).put("message", message);
        return event("response.failed", JsonTrees.object().set("response", response));
    }

    private SseEvent itemEvent(String type, Item item, ObjectNode itemJson) {
        ObjectNode body = JsonTrees.object().put("output_index", item.outputIndex);
        body.set("item", itemJson);
        return event(type, body);
    }

    private static ObjectNode itemBody(Item item) {
        return JsonTrees.object().put("item_id", item.id).put("output_index", item.outputIndex);
    }

    /** {@code event: type} with data {@code {"type", "sequence_number", ...body}}. */
    private SseEvent event(String type, ObjectNode body) {
        ObjectNode data = JsonTrees.object().put("type", type).put("sequence_number", sequence++);
        data.setAll(body);
        return SseEvent.of(type, json.writeString(data));
    }
}
