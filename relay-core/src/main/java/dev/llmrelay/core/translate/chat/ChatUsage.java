package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Chat's token counts for one answer, and the same counts as Claude's {@code usage} (vectors rule 18: Chat's
 * prompt includes its cached and cache-written tokens, Claude's {@code input_tokens} does not).
 *
 * @param cacheWrite {@code prompt_tokens_details.cache_write_tokens}, when the upstream reports it
 */
record ChatUsage(long prompt, long cached, OptionalLong cacheWrite, long completion) {

    static final ChatUsage NONE = new ChatUsage(0, 0, OptionalLong.empty(), 0);

    /** The counts of a Chat {@code usage} object; absent or null counters are 0. */
    static ChatUsage of(JsonNode usage) {
        JsonNode details = usage.path("prompt_tokens_details");
        JsonNode cacheWrite = details.path("cache_write_tokens");
        return new ChatUsage(usage.path("prompt_tokens").asLong(0), details.path("cached_tokens").asLong(0),
                cacheWrite.isNumber() ? OptionalLong.of(cacheWrite.asLong()) : OptionalLong.empty(),
                usage.path("completion_tokens").asLong(0));
    }

    /** Prompt tokens neither read from nor written to a cache. */
    long uncachedInput() {
        return Math.max(0, prompt - cached - cacheWrite.orElse(0));
    }

    /** Writes these counts as the members of a Claude {@code usage} object (the caller opens and closes it). */
    void writeAnthropicFields(JsonGenerator out) throws IOException {
        out.writeNumberField("input_tokens", uncachedInput());
        if (cacheWrite.isPresent()) {
            out.writeNumberField("cache_creation_input_tokens", cacheWrite.getAsLong());
        }
        out.writeNumberField("cache_read_input_tokens", cached);
        out.writeNumberField("output_tokens", completion);
    }
}
