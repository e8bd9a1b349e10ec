package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import static dev.llmrelay.core.translate.json.JsonTrees.member;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Gemini {@code alt=sse} stream as an Anthropic stream (rule 25): the first chunk opens
 * {@code message_start}; text parts, within and across chunks, go to one open text block as one
 * {@code text_delta} each; a functionCall part closes it and becomes a whole tool_use block (start, one
 * {@code input_json_delta} with all of its args, stop). The chunk with {@code finishReason} closes the open
 * block and ends the message. A Google error chunk, or a stream that ends without a {@code finishReason},
 * becomes one {@code error} event, and nothing follows it.
 */
final class GeminiStreamToClaude implements StreamTranslation {
    private final JsonTrees json;
    private final TranslationContext context;
    private final ThoughtSignatures signatures;
    private boolean started;
    private boolean over;
    private int nextIndex;
    private int openTextIndex = -1;
    private boolean calledFunctions;
    private GeminiUsage usage = GeminiUsage.ZERO;

    GeminiStreamToClaude(JsonTrees json, TranslationContext context, ThoughtSignatures signatures) {
        this.json = json;
        this.context = context;
        this.signatures = signatures;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (over) {
            return List.of();
        }
        JsonNode chunk = json.readValue(upstreamEvent.data(), "an upstream chunk");
        List<SseEvent> events = new ArrayList<>();
        JsonNode error = member(chunk, "error");
        if (!error.isMissingNode()) {
            over = true;
            events.add(error(errorType(error), member(error, "message").asText("the upstream failed")));
            return events;
        }
        if (member(chunk, "usageMetadata").isObject()) {
            usage = GeminiUsage.of(member(chunk, "usageMetadata"));
        }
        if (!started) {
            started = true;
            events.add(messageStart(chunk));
        }
        JsonNode candidate = member(chunk, "candidates").path(0);
        for (JsonNode part : member(member(candidate, "content"), "parts")) {
            Optional<ObjectNode> call = GeminiAnswerToClaude.functionCall(part);
            if (call.isPresent()) {
                closeText(events);
                signatures.remember(call.get().path("id").asText(), part);
                toolUse(call.get(), events);
            } else {
                GeminiAnswerToClaude.textOf(part).ifPresent(text -> appendText(text, events));
            }
        }
        String finishReason = member(candidate, "finishReason").asText("");
        boolean blocked = !candidate.isObject() && member(member(chunk, "promptFeedback"), "blockReason").isTextual();
        if (!finishReason.isEmpty() || blocked) {
            closeText(events);
            over = true;
            events.add(messageDelta(blocked ? "refusal" : FinishReasons.toClaude(finishReason, calledFunctions)));
            events.add(event("message_stop", JsonTrees.object()));
        }
        return events;
    }

    @Override
    public List<SseEvent> onEnd() {
        if (over) {
            return List.of();
        }
        over = true;
        return List.of(error("api_error", "the upstream stream ended before its last chunk"));
    }

    private SseEvent messageStart(JsonNode chunk) {
        ObjectNode message = JsonTrees.object();
        message.put("id", GeminiAnswerToClaude.messageId(chunk));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", context.clientModel());
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        ObjectNode startUsage = usage.messageUsage();
        startUsage.put("output_tokens", 0);
        message.set("usage", startUsage);
        ObjectNode data = JsonTrees.object();
        data.set("message", message);
        return event("message_start", data);
    }

    private void appendText(String text, List<SseEvent> events) {
        if (openTextIndex < 0) {
            openTextIndex = nextIndex++;
            ObjectNode start = JsonTrees.object().put("index", openTextIndex);
            start.putObject("content_block").put("type", "text").put("text", "");
            events.add(event("content_block_start", start));
        }
        ObjectNode delta = JsonTrees.object().put("index", openTextIndex);
        delta.putObject("delta").put("type", "text_delta").put("text", text);
        events.add(event("content_block_delta", delta));
    }

    private void closeText(List<SseEvent> events) {
        if (openTextIndex >= 0) {
            events.add(event("content_block_stop", JsonTrees.object().put("index", openTextIndex)));
            openTextIndex = -1;
        }
    }

    private void toolUse(ObjectNode block, List<SseEvent> events) {
        calledFunctions = true;
        int index = nextIndex++;
        JsonNode args = block.remove("input");
        block.set("input", JsonTrees.object());
        ObjectNode start = JsonTrees.object().put("index", index);
        start.set("content_block", block);
        events.add(event("content_block_start", start));
        ObjectNode delta = JsonTrees.object().put("index", index);
        delta.putObject("delta").put("type", "input_json_delta").put("partial_json", json.writeString(args));
        events.add(event("content_block_delta", delta));
        events.add(event("content_block_stop", JsonTrees.object().put("index", index)));
    }

    private SseEvent messageDelta(String stopReason) {
        ObjectNode data = JsonTrees.object();
        data.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        ObjectNode finalUsage = data.putObject("usage");
        finalUsage.put("input_tokens", usage.input());
        finalUsage.put("cache_read_input_tokens", usage.cached());
        finalUsage.put("output_tokens", usage.output());
        return event("message_delta", data);
    }

    /** An Anthropic event: its {@code type} first, then the members of {@code body}. */
    private SseEvent event(String type, ObjectNode body) {
        ObjectNode data = JsonTrees.object().put("type", type);
        data.setAll(body);
        return SseEvent.of(type, json.writeString(data));
    }

    private SseEvent error(String type, String message) {
        ObjectNode body = JsonTrees.object();
        body.putObject("error").put("type", type).put("message", message);
        return event("error", body);
    }

    /** Anthropic's error type for a Google error: 503 is overloaded, 429 a rate limit, the rest an API error. */
    private static String errorType(JsonNode error) {
        int code = member(error, "code").asInt(0);
        String status = text(error, "status");
        if (code == 503 || status.equals("UNAVAILABLE")) {
            return "overloaded_error";
        }
        if (code == 429 || status.equals("RESOURCE_EXHAUSTED")) {
            return "rate_limit_error";
        }
        return "api_error";
    }
}
