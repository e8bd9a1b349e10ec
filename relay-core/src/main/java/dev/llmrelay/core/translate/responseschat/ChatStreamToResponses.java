package dev.llmrelay.core.translate.responseschat;

import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ResponsesEventWriter;
import dev.llmrelay.core.translate.json.ResponsesEventWriter.Item;
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
    private final JsonTrees json;
    private final ResponsesEventWriter writer;
    /** The open items by output index, so that a finish_reason finishes them in output order. */
    private final TreeMap<Integer, Item> open = new TreeMap<>();
    private final Map<Integer, Item> callsByIndex = new HashMap<>();
    private Item reasoning;
    private Item text;
    private JsonNode usage = JsonTrees.object();
    private String finishReason;

    ChatStreamToResponses(JsonTrees json, TranslationContext context, long createdAt) {
        this.json = json;
        this.writer = new ResponsesEventWriter(json, context.clientModel(), createdAt);
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (writer.isOver()) {
            return List.of();
        }
        List<SseEvent> events = new ArrayList<>();
        writer.start(events);
        String data = upstreamEvent.data();
        if (data.equals("[DONE]")) {
            end(events);
            return events;
        }
        Optional<JsonNode> parsed = json.tryParse(data);
        if (parsed.isEmpty() || !parsed.get().isObject()) {
            writer.fail("server_error", "the upstream sent a stream event that is not JSON", events);
            return events;
        }
        JsonNode chunk = parsed.get();
        if (JsonTrees.has(chunk, "error")) {
            upstreamError(chunk.get("error"), events);
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
        if (writer.isOver()) {
            return List.of();
        }
        List<SseEvent> events = new ArrayList<>();
        writer.start(events);
        end(events);
        return events;
    }

    /** {@code [DONE]} or the end of the stream: the terminal event, or a failure when no finish_reason came. */
    private void end(List<SseEvent> events) {
        if (finishReason == null) {
            writer.fail("server_error", "the upstream stream ended before its finish_reason", events);
            return;
        }
        writer.complete(ResponseObjects.incompleteReason(finishReason), ResponseObjects.usage(usage), events);
    }

    private void delta(JsonNode delta, List<SseEvent> events) {
        String thought = ResponseObjects.reasoningText(delta);
        if (!thought.isEmpty()) {
            if (reasoning == null) {
                finishText(events);
                reasoning = opened(writer.openReasoning(events));
            }
            writer.append(reasoning, thought, events);
        }
        String piece = text(delta, "content");
        if (piece.isEmpty()) {
            piece = text(delta, "refusal");
        }
        if (!piece.isEmpty()) {
            if (text == null) {
                finishReasoning(events);
                text = opened(writer.openMessage(events));
            }
            writer.append(text, piece, events);
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
        boolean starts = call == null ? !id.isEmpty() || function.path("name").isTextual() : !id.isEmpty() && !id.equals(call.callId());
        if (starts) {
            if (call != null && call.isOpen()) {
                finish(call, events);
            }
            finishReasoning(events);
            finishText(events);
            call = opened(writer.openFunctionCall(id.isEmpty() ? JsonTrees.newId("call_") : id, text(function, "name"), events));
            callsByIndex.put(index, call);
        }
        if (call != null) {
            writer.append(call, text(function, "arguments"), events);
        }
    }

    private Item opened(Item item) {
        open.put(item.outputIndex(), item);
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
        open.remove(item.outputIndex());
        if (item == reasoning) {
            reasoning = null;
        }
        if (item == text) {
            text = null;
        }
        writer.finish(item, events);
    }

    /**
     * A Chat error chunk ({@code {"message","type","code"}}, or a bare string) as the codes Codex acts on:
     * rate limits, quota and context length keep their code, anything else is a server error.
     */
    private void upstreamError(JsonNode error, List<SseEvent> events) {
        if (error.isTextual()) {
            writer.fail("server_error", error.asText(), events);
            return;
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
        writer.fail(code, message.isBlank() ? "the upstream failed during the stream" : message, events);
    }
}
