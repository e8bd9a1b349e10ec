package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.core.error.ErrorRenderer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One Chat stream as Claude events (vectors rule 23, PROTOCOLS.md §5.5). The first chunk opens
 * {@code message_start}; reasoning, text and each tool call open blocks at the next index as they come, a
 * tool call's argument pieces go to its own block by the call's {@code index} (calls may interleave); the
 * {@code finish_reason} closes every open block in index order and its {@code message_delta} is held until
 * the usage chunk has come ({@code [DONE]}, or the end of the stream), then sent with {@code message_stop}.
 * An error chunk, or a stream that stops before any {@code finish_reason}, ends the client's stream with one
 * {@code error} event and nothing after it (rule 26). {@code [DONE]} never reaches the client.
 */
final class ChatStreamToAnthropic implements StreamTranslation {

    /** A tool call's block: where it is, and the call id that opened it. */
    private record ToolBlock(int index, String callId) {
    }

    private final ObjectMapper json;
    private final JsonText text;
    private final ErrorRenderer anthropicErrors;
    private final String model;

    private boolean started;
    private boolean ended;
    private int nextIndex;
    private int textIndex = -1;
    private int thinkingIndex = -1;
    private final TreeSet<Integer> openBlocks = new TreeSet<>();
    private final Map<Integer, ToolBlock> toolBlockByCall = new HashMap<>();
    /** Claude's stop reason once the finish chunk has come; its message_delta waits for the usage. */
    private String stopReason;
    private ChatUsage usage;

    ChatStreamToAnthropic(ObjectMapper json, ErrorRenderer anthropicErrors, String model) {
        this.json = json;
        this.text = new JsonText(json);
        this.anthropicErrors = anthropicErrors;
        this.model = model;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (ended) {
            return List.of();
        }
        if (upstreamEvent.data().equals("[DONE]")) {
            return end();
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(upstreamEvent.data());
        } catch (JsonProcessingException e) {
            return fail(UpstreamStreamErrors.unreadable());
        }
        if (chunk == null || !chunk.isObject()) {
            return fail(UpstreamStreamErrors.unreadable());
        }
        if (chunk.hasNonNull("error")) {
            return fail(UpstreamStreamErrors.fromChat(chunk));
        }
        List<SseEvent> events = new ArrayList<>(2);
        if (!started) {
            started = true;
            events.add(messageStart(chunk.path("id").asText("")));
        }
        if (chunk.path("usage").isObject()) {
            usage = ChatUsage.of(chunk.path("usage"));
        }
        JsonNode choice = firstChoice(chunk.path("choices"));
        if (stopReason == null && choice != null) {
            delta(choice.path("delta"), events);
            JsonNode finishReason = choice.path("finish_reason");
            if (finishReason.isTextual()) {
                openBlocks.forEach(index -> events.add(blockStop(index)));
                openBlocks.clear();
                textIndex = -1;
                thinkingIndex = -1;
                stopReason = StopReasons.toAnthropic(finishReason.asText());
            }
        }
        return events;
    }

    @Override
    public List<SseEvent> onEnd() {
        return ended ? List.of() : end();
    }

    /** {@code [DONE]} or the end of the stream: the held message_delta and message_stop, or an error if it never finished. */
    private List<SseEvent> end() {
        if (stopReason == null) {
            return fail(UpstreamStreamErrors.endedEarly());
        }
        ended = true;
        SseEvent messageDelta = event("message_delta", out -> {
            out.writeObjectFieldStart("delta");
            out.writeStringField("stop_reason", stopReason);
            out.writeNullField("stop_sequence");
            out.writeEndObject();
            out.writeObjectFieldStart("usage");
            if (usage == null) {
                out.writeNumberField("output_tokens", 0);
            } else {
                usage.writeAnthropicFields(out);
            }
            out.writeEndObject();
        });
        return List.of(messageDelta, event("message_stop", out -> {
        }));
    }

    private void delta(JsonNode delta, List<SseEvent> events) {
        String reasoning = ChatAnswerToAnthropic.reasoning(delta);
        if (!reasoning.isEmpty()) {
            if (thinkingIndex < 0) {
                closeText(events);
                thinkingIndex = open(events, "thinking");
            }
            events.add(blockDelta(thinkingIndex, "thinking_delta", "thinking", reasoning));
        }
        String content = delta.path("content").asText("");
        if (content.isEmpty()) {
            content = delta.path("refusal").asText("");
        }
        if (!content.isEmpty()) {
            if (textIndex < 0) {
                closeThinking(events);
                textIndex = open(events, "text");
            }
            events.add(blockDelta(textIndex, "text_delta", "text", content));
        }
        JsonNode calls = delta.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            toolCall(calls.get(i), i, events);
        }
    }

    private void toolCall(JsonNode entry, int position, List<SseEvent> events) {
        int call = entry.path("index").asInt(position);
        String id = entry.path("id").asText("");
        JsonNode function = entry.path("function");
        ToolBlock block = toolBlockByCall.get(call);
        // Some compatible servers repeat the id in every piece of a call; a new id at an index is a new call.
        boolean starts = block == null
                ? !id.isEmpty() || function.path("name").isTextual()
                : !id.isEmpty() && !id.equals(block.callId());
        if (starts) {
            closeText(events);
            closeThinking(events);
            String callId = id.isEmpty() ? "call_" + Ids.message().substring("msg_".length()) : id;
            block = new ToolBlock(nextIndex++, callId);
            toolBlockByCall.put(call, block);
            openBlocks.add(block.index());
            int index = block.index();
            String name = function.path("name").asText("");
            events.add(event("content_block_start", out -> {
                out.writeNumberField("index", index);
                out.writeObjectFieldStart("content_block");
                out.writeStringField("type", "tool_use");
                out.writeStringField("id", callId);
                out.writeStringField("name", name);
                out.writeObjectFieldStart("input");
                out.writeEndObject();
                out.writeEndObject();
            }));
        }
        String arguments = function.path("arguments").asText("");
        if (block != null && !arguments.isEmpty()) {
            events.add(blockDelta(block.index(), "input_json_delta", "partial_json", arguments));
        }
    }

    private int open(List<SseEvent> events, String type) {
        int index = nextIndex++;
        openBlocks.add(index);
        events.add(event("content_block_start", out -> {
            out.writeNumberField("index", index);
            out.writeObjectFieldStart("content_block");
            out.writeStringField("type", type);
            if (type.equals("thinking")) {
                out.writeStringField("thinking", "");
                out.writeStringField("signature", "");
            } else {
                out.writeStringField("text", "");
            }
            out.writeEndObject();
        }));
        return index;
    }

    private void closeText(List<SseEvent> events) {
        if (textIndex >= 0) {
            openBlocks.remove(textIndex);
            events.add(blockStop(textIndex));
            textIndex = -1;
        }
    }

    private void closeThinking(List<SseEvent> events) {
        if (thinkingIndex >= 0) {
            openBlocks.remove(thinkingIndex);
            events.add(blockStop(thinkingIndex));
            thinkingIndex = -1;
        }
    }

    private SseEvent messageStart(String upstreamId) {
        String id = upstreamId.isEmpty() ? Ids.message() : "msg_" + upstreamId;
        return event("message_start", out -> {
            out.writeObjectFieldStart("message");
            out.writeStringField("id", id);
            out.writeStringField("type", "message");
            out.writeStringField("role", "assistant");
            out.writeStringField("model", model);
            out.writeArrayFieldStart("content");
            out.writeEndArray();
            out.writeNullField("stop_reason");
            out.writeNullField("stop_sequence");
            // The input is not known before the usage chunk; the message_delta carries the real counts.
            out.writeObjectFieldStart("usage");
            out.writeNumberField("input_tokens", 0);
            out.writeNumberField("output_tokens", 0);
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    private SseEvent blockDelta(int index, String deltaType, String field, String value) {
        return event("content_block_delta", out -> {
            out.writeNumberField("index", index);
            out.writeObjectFieldStart("delta");
            out.writeStringField("type", deltaType);
            out.writeStringField(field, value);
            out.writeEndObject();
        });
    }

    private SseEvent blockStop(int index) {
        return event("content_block_stop", out -> out.writeNumberField("index", index));
    }

    /** A Claude event: {@code event: type}, and data whose {@code type} is the same, then {@code members}. */
    private SseEvent event(String type, JsonText.Body members) {
        return SseEvent.of(type, text.string(out -> {
            out.writeStartObject();
            out.writeStringField("type", type);
            members.writeTo(out);
            out.writeEndObject();
        }));
    }

    private List<SseEvent> fail(RelayError error) {
        ended = true;
        return List.of(anthropicErrors.streamEvent(error));
    }

    private static JsonNode firstChoice(JsonNode choices) {
        for (JsonNode choice : choices) {
            if (choice.path("index").asInt(0) == 0) {
                return choice;
            }
        }
        return null;
    }
}
