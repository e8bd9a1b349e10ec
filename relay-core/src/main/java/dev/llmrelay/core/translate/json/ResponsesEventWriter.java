package dev.llmrelay.core.translate.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.SseEvent;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes one streamed OpenAI Responses answer, whatever protocol the upstream streams in: {@code response.created}
 * and {@code response.in_progress} first; each output item added, streamed (output text, function call arguments
 * passed through verbatim, reasoning summary text) and done; one terminal event last ({@code response.completed},
 * {@code response.incomplete} or {@code response.failed}), whose response holds the items done so far in output
 * order, and after which nothing is written. Every event carries {@code sequence_number} 0, 1, 2, ...; items are
 * numbered by {@code output_index} as they open. A translator owns one writer per stream, on one thread.
 */
public final class ResponsesEventWriter {
    private final JsonTrees json;
    private final ObjectNode response;
    private final TreeMap<Integer, ObjectNode> done = new TreeMap<>();
    private int sequence;
    private int nextOutputIndex;
    private boolean started;
    private boolean over;

    /** What an output item is. */
    public enum Kind { MESSAGE, FUNCTION_CALL, REASONING }

    /** One output item while it streams: the handle a translator keeps for an upstream block or call. */
    public static final class Item {
        private final Kind kind;
        private final String id;
        private final int outputIndex;
        private final String callId;
        private final String name;
        private final StringBuilder content = new StringBuilder();
        private final StringBuilder signature = new StringBuilder();
        private boolean open = true;

        private Item(Kind kind, String id, int outputIndex, String callId, String name) {
            this.kind = kind;
            this.id = id;
            this.outputIndex = outputIndex;
            this.callId = callId;
            this.name = name;
        }

        public Kind kind() {
            return kind;
        }

        /** The function call's {@code call_id}; empty for other items. */
        public String callId() {
            return callId;
        }

        /** Whether the item is still streaming (not yet done). */
        public boolean isOpen() {
            return open;
        }

        public int outputIndex() {
            return outputIndex;
        }
    }

    /** A writer for an answer naming {@code model}, created at {@code createdAt} (epoch seconds). */
    public ResponsesEventWriter(JsonTrees json, String model, long createdAt) {
        this.json = Objects.requireNonNull(json, "json");
        this.response = ResponseObject.create(JsonTrees.newId("resp_"), createdAt, model, "in_progress");
    }

    /** Whether the terminal event has been written. */
    public boolean isOver() {
        return over;
    }

    /** {@code response.created} and {@code response.in_progress}, once, before anything else. */
    public void start(List<SseEvent> events) {
        if (started) {
            return;
        }
        started = true;
        events.add(event("response.created", JsonTrees.object().set("response", response.deepCopy())));
        events.add(event("response.in_progress", JsonTrees.object().set("response", response.deepCopy())));
    }

    /** Opens an assistant message item with its one output_text part. */
    public Item openMessage(List<SseEvent> events) {
        Item item = new Item(Kind.MESSAGE, JsonTrees.newId("msg_"), nextOutputIndex++, "", "");
        events.add(itemEvent("response.output_item.added", item, ResponseItems.message(item.id, "in_progress", null)));
        ObjectNode body = itemBody(item).put("content_index", 0);
        body.set("part", ResponseItems.outputText(""));
        events.add(event("response.content_part.added", body));
        return item;
    }

    /** Opens a function_call item for the call {@code callId} of the tool {@code name}. */
    public Item openFunctionCall(String callId, String name, List<SseEvent> events) {
        Item item = new Item(Kind.FUNCTION_CALL, JsonTrees.newId("fc_"), nextOutputIndex++, callId, name);
        events.add(itemEvent("response.output_item.added", item,
                ResponseItems.functionCall(item.id, "in_progress", callId, name, "")));
        return item;
    }

    /** Opens a reasoning item with its one summary part. */
    public Item openReasoning(List<SseEvent> events) {
        Item item = new Item(Kind.REASONING, JsonTrees.newId("rs_"), nextOutputIndex++, "", "");
        events.add(itemEvent("response.output_item.added", item, ResponseItems.reasoning(item.id, null, null)));
        ObjectNode body = itemBody(item).put("summary_index", 0);
        body.set("part", ResponseItems.summaryText(""));
        events.add(event("response.reasoning_summary_part.added", body));
        return item;
    }

    /** A piece of an open item's content: output text, call arguments or reasoning text by its kind; none if empty. */
    public void append(Item item, String piece, List<SseEvent> events) {
        if (piece.isEmpty() || !item.open) {
            return;
        }
        item.content.append(piece);
        switch (item.kind) {
            case MESSAGE -> {
                ObjectNode body = itemBody(item).put("content_index", 0).put("delta", piece);
                body.putArray("logprobs");
                events.add(event("response.output_text.delta", body));
            }
            case FUNCTION_CALL -> events.add(event("response.function_call_arguments.delta", itemBody(item).put("delta", piece)));
            case REASONING -> events.add(event("response.reasoning_summary_text.delta",
                    itemBody(item).put("summary_index", 0).put("delta", piece)));
        }
    }

    /** A piece of a reasoning item's signature, written as its {@code encrypted_content} when it is done. */
    public void appendSignature(Item item, String piece) {
        item.signature.append(piece);
    }

    /** Finishes an open item: its content's done events, then {@code response.output_item.done} with the whole item. */
    public void finish(Item item, List<SseEvent> events) {
        if (!item.open) {
            return;
        }
        item.open = false;
        String content = item.content.toString();
        ObjectNode finished = switch (item.kind) {
            case MESSAGE -> {
                events.add(event("response.output_text.done", itemBody(item).put("content_index", 0).put("text", content)));
                ObjectNode body = itemBody(item).put("content_index", 0);
                body.set("part", ResponseItems.outputText(content));
                events.add(event("response.content_part.done", body));
                yield ResponseItems.message(item.id, "completed", content);
            }
            case FUNCTION_CALL -> {
                String arguments = content.isBlank() ? "{}" : content;
                events.add(event("response.function_call_arguments.done",
                        itemBody(item).put("name", item.name).put("arguments", arguments)));
                yield ResponseItems.functionCall(item.id, "completed", item.callId, item.name, arguments);
            }
            case REASONING -> {
                events.add(event("response.reasoning_summary_text.done",
                        itemBody(item).put("summary_index", 0).put("text", content)));
                ObjectNode body = itemBody(item).put("summary_index", 0);
                body.set("part", ResponseItems.summaryText(content));
                events.add(event("response.reasoning_summary_part.done", body));
                yield ResponseItems.reasoning(item.id, content, item.signature.toString());
            }
        };
        done.put(item.outputIndex, finished);
        events.add(itemEvent("response.output_item.done", item, finished.deepCopy()));
    }

    /**
     * The terminal event of an answer that ended: {@code response.completed}, or {@code response.incomplete} when
     * {@code incompleteReason} is not empty, with every item done and {@code usage}.
     */
    public void complete(String incompleteReason, ObjectNode usage, List<SseEvent> events) {
        over = true;
        ResponseObject.finish(response, incompleteReason);
        response.set("output", output());
        response.set("usage", usage);
        String type = incompleteReason.isEmpty() ? "response.completed" : "response.incomplete";
        events.add(event(type, JsonTrees.object().set("response", response)));
    }

    /** The terminal event of an answer that failed: {@code response.failed} with its error and the items done. */
    public void fail(String code, String message, List<SseEvent> events) {
        over = true;
        response.put("status", "failed");
        response.set("output", output());
        response.putObject("error").put("code", code).put("message", message);
        events.add(event("response.failed", JsonTrees.object().set("response", response)));
    }

    private ArrayNode output() {
        ArrayNode output = JsonTrees.array();
        done.values().forEach(output::add);
        return output;
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
