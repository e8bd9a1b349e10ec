package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.core.error.ErrorRenderer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Claude stream as Chat chunks (vectors rule 22): {@code message_start} opens with the assistant role,
 * text and thinking deltas become {@code content} and {@code reasoning_content}, each {@code tool_use} block
 * a tool call numbered from 0 (not by Claude's block index) whose argument pieces pass through verbatim,
 * {@code message_delta} the finish chunk, {@code message_stop} the usage chunk (when asked for) and
 * {@code [DONE]}. An {@code error} event, or a stream that stops before {@code message_stop}, ends the
 * client's stream with one error chunk and nothing after it (rule 26).
 */
final class AnthropicStreamToChat implements StreamTranslation {
    private static final SseEvent DONE = SseEvent.data("[DONE]");

    private final ObjectMapper json;
    private final JsonText text;
    private final ErrorRenderer chatErrors;
    private final String model;
    private final long created;
    private final boolean includeUsage;

    private String id;
    /** Chat's tool call index for each Claude tool_use block index. */
    private final Map<Integer, Integer> toolCallByBlock = new HashMap<>();
    private AnthropicUsage usage = AnthropicUsage.NONE;
    private boolean ended;

    AnthropicStreamToChat(ObjectMapper json, ErrorRenderer chatErrors, String model, long created, boolean includeUsage) {
        this.json = json;
        this.text = new JsonText(json);
        this.chatErrors = chatErrors;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (ended || upstreamEvent.is("ping")) {
            return List.of();
        }
        JsonNode data;
        try {
            data = json.readTree(upstreamEvent.data());
        } catch (JsonProcessingException e) {
            return fail(UpstreamStreamErrors.unreadable());
        }
        String type = upstreamEvent.event().orElseGet(() -> data.path("type").asText(""));
        return switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> messageStop();
            case "error" -> fail(UpstreamStreamErrors.fromAnthropic(data));
            // content_block_stop, and event types Claude may add later, change nothing for the client.
            default -> List.of();
        };
    }

    @Override
    public List<SseEvent> onEnd() {
        if (ended) {
            return List.of();
        }
        return fail(UpstreamStreamErrors.endedEarly());
    }

    private List<SseEvent> messageStart(JsonNode message) {
        if (id == null) {
            String upstreamId = message.path("id").asText("");
            id = upstreamId.isEmpty() ? Ids.chatCompletion() : upstreamId;
        }
        usage = AnthropicUsage.of(message.path("usage"));
        return List.of(chunk(text.string(out -> {
            writeChunkStart(out);
            out.writeObjectFieldStart("delta");
            out.writeStringField("role", "assistant");
            out.writeStringField("content", "");
            out.writeEndObject();
            writeChunkEnd(out, null);
        })));
    }

    private List<SseEvent> blockStart(int index, JsonNode block) {
        if (!block.path("type").asText().equals("tool_use")) {
            return List.of();
        }
        int call = toolCallByBlock.size();
        toolCallByBlock.put(index, call);
        return List.of(chunk(text.string(out -> {
            writeChunkStart(out);
            out.writeObjectFieldStart("delta");
            out.writeArrayFieldStart("tool_calls");
            out.writeStartObject();
            out.writeNumberField("index", call);
            out.writeStringField("id", block.path("id").asText(""));
            out.writeStringField("type", "function");
            out.writeObjectFieldStart("function");
            out.writeStringField("name", block.path("name").asText(""));
            out.writeStringField("arguments", "");
            out.writeEndObject();
            out.writeEndObject();
            out.writeEndArray();
            out.writeEndObject();
            writeChunkEnd(out, null);
        })));
    }

    private List<SseEvent> blockDelta(int index, JsonNode delta) {
        switch (delta.path("type").asText("")) {
            case "text_delta" -> {
                return deltaField("content", delta.path("text").asText(""));
            }
            case "thinking_delta" -> {
                return deltaField("reasoning_content", delta.path("thinking").asText(""));
            }
            case "input_json_delta" -> {
                Integer call = toolCallByBlock.get(index);
                String piece = delta.path("partial_json").asText("");
                if (call == null || piece.isEmpty()) {
                    return List.of();
                }
                return List.of(chunk(text.string(out -> {
                    writeChunkStart(out);
                    out.writeObjectFieldStart("delta");
                    out.writeArrayFieldStart("tool_calls");
                    out.writeStartObject();
                    out.writeNumberField("index", call);
                    out.writeObjectFieldStart("function");
                    out.writeStringField("arguments", piece);
                    out.writeEndObject();
                    out.writeEndObject();
                    out.writeEndArray();
                    out.writeEndObject();
                    writeChunkEnd(out, null);
                })));
            }
            default -> {
                // signature and citation deltas have no Chat form.
                return List.of();
            }
        }
    }

    private List<SseEvent> deltaField(String field, String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        return List.of(chunk(text.string(out -> {
            writeChunkStart(out);
            out.writeObjectFieldStart("delta");
            out.writeStringField(field, value);
            out.writeEndObject();
            writeChunkEnd(out, null);
        })));
    }

    private List<SseEvent> messageDelta(JsonNode data) {
        usage = usage.updatedBy(data.path("usage"));
        String finishReason = StopReasons.toChat(data.path("delta").path("stop_reason").textValue());
        return List.of(chunk(text.string(out -> {
            writeChunkStart(out);
            out.writeObjectFieldStart("delta");
            out.writeEndObject();
            writeChunkEnd(out, finishReason);
        })));
    }

    private List<SseEvent> messageStop() {
        ended = true;
        if (!includeUsage) {
            return List.of(DONE);
        }
        SseEvent usageChunk = chunk(text.string(out -> {
            out.writeStartObject();
            writeChunkIdentity(out);
            out.writeArrayFieldStart("choices");
            out.writeEndArray();
            out.writeFieldName("usage");
            usage.writeChat(out);
            out.writeEndObject();
        }));
        return List.of(usageChunk, DONE);
    }

    private List<SseEvent> fail(RelayError error) {
        ended = true;
        return List.of(chatErrors.streamEvent(error));
    }

    private void writeChunkStart(JsonGenerator out) throws IOException {
        out.writeStartObject();
        writeChunkIdentity(out);
        out.writeArrayFieldStart("choices");
        out.writeStartObject();
        out.writeNumberField("index", 0);
    }

    private void writeChunkEnd(JsonGenerator out, String finishReason) throws IOException {
        if (finishReason == null) {
            out.writeNullField("finish_reason");
        } else {
            out.writeStringField("finish_reason", finishReason);
        }
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
    }

    private void writeChunkIdentity(JsonGenerator out) throws IOException {
        if (id == null) {
            id = Ids.chatCompletion();
        }
        out.writeStringField("id", id);
        out.writeStringField("object", "chat.completion.chunk");
        out.writeNumberField("created", created);
        out.writeStringField("model", model);
    }

    private static SseEvent chunk(String data) {
        return SseEvent.data(data);
    }
}
