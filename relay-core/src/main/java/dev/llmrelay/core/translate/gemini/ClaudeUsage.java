package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic token counts (uncached input, cache writes, cache reads, output) and their Gemini
 * {@code usageMetadata}: the whole prompt counts all three inputs, cached content the reads.
 */
record ClaudeUsage(long input, long cacheWrite, long cacheRead, long output) {
    static final ClaudeUsage ZERO = new ClaudeUsage(0, 0, 0, 0);

    /** The counts of an Anthropic {@code usage} object; absent ones are 0. */
    static ClaudeUsage of(JsonNode usage) {
        return ZERO.updatedBy(usage);
    }

    /**
     * These counts with every counter {@code later} carries non-null replacing its own (a stream's
     * {@code message_delta} after its {@code message_start}; the counts are cumulative, never added).
     */
    ClaudeUsage updatedBy(JsonNode later) {
        return new ClaudeUsage(
                count(later, "input_tokens", input),
                count(later, "cache_creation_input_tokens", cacheWrite),
                count(later, "cache_read_input_tokens", cacheRead),
                count(later, "output_tokens", output));
    }

    ObjectNode usageMetadata() {
        long prompt = input + cacheWrite + cacheRead;
        ObjectNode metadata = JsonTrees.object();
        metadata.put("promptTokenCount", prompt);
        if (cacheRead != 0) {
            metadata.put("cachedContentTokenCount", cacheRead);
        }
        metadata.put("candidatesTokenCount", output);
        metadata.put("totalTokenCount", prompt + output);
        return metadata;
    }

    private static long count(JsonNode usage, String name, long otherwise) {
        JsonNode value = usage == null ? null : usage.get(name);
        return value != null && value.isNumber() ? value.asLong() : otherwise;
    }
}
