package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Claude's token counts for one answer, and the same counts as Chat's {@code usage} (vectors rule 18: the
 * prompt is input, cache writes and cache reads together; cache reads are its cached part).
 *
 * @param input prompt tokens neither written to nor read from the cache
 * @param thinking {@code output_tokens_details.thinking_tokens}, when Claude reports it
 */
record AnthropicUsage(long input, long cacheWrite, long cacheRead, long output, OptionalLong thinking) {

    static final AnthropicUsage NONE = new AnthropicUsage(0, 0, 0, 0, OptionalLong.empty());

    /** The counts of a whole answer's {@code usage}, or of a stream's {@code message_start}. */
    static AnthropicUsage of(JsonNode usage) {
        return NONE.updatedBy(usage);
    }

    /**
     * The counts after a {@code message_delta}'s {@code usage}: each counter it carries non-null replaces the
     * one held (counts are cumulative, never added).
     */
    AnthropicUsage updatedBy(JsonNode usage) {
        JsonNode thinkingTokens = usage.path("output_tokens_details").path("thinking_tokens");
        return new AnthropicUsage(
                count(usage.path("input_tokens"), input),
                count(usage.path("cache_creation_input_tokens"), cacheWrite),
                count(usage.path("cache_read_input_tokens"), cacheRead),
                count(usage.path("output_tokens"), output),
                thinkingTokens.isNumber() ? OptionalLong.of(thinkingTokens.asLong()) : thinking);
    }

    long promptTokens() {
        return input + cacheWrite + cacheRead;
    }

    /** Writes these counts as a Chat {@code usage} object. */
    void writeChat(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeNumberField("prompt_tokens", promptTokens());
        out.writeNumberField("completion_tokens", output);
        out.writeNumberField("total_tokens", promptTokens() + output);
        out.writeObjectFieldStart("prompt_tokens_details");
        out.writeNumberField("cached_tokens", cacheRead);
        if (cacheWrite > 0) {
            out.writeNumberField("cache_write_tokens", cacheWrite);
        }
        out.writeEndObject();
        if (thinking.isPresent()) {
            out.writeObjectFieldStart("completion_tokens_details");
            out.writeNumberField("reasoning_tokens", thinking.getAsLong());
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    private static long count(JsonNode value, long otherwise) {
        return value.isNumber() ? value.asLong() : otherwise;
    }
}
