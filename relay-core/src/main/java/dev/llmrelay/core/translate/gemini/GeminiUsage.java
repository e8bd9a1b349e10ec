package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Gemini {@code usageMetadata} counts and their Anthropic {@code usage}: uncached input is the prompt less
 * cached content plus the tool-use prompt, output counts thoughts too.
 */
record GeminiUsage(long prompt, long cached, long toolUsePrompt, long candidates, long thoughts) {
    static final GeminiUsage ZERO = new GeminiUsage(0, 0, 0, 0, 0);

    /** The counts of a {@code usageMetadata} object; absent ones are 0. */
    static GeminiUsage of(JsonNode metadata) {
        return new GeminiUsage(count(metadata, "promptTokenCount"), count(metadata, "cachedContentTokenCount"),
                count(metadata, "toolUsePromptTokenCount"), count(metadata, "candidatesTokenCount"),
                count(metadata, "thoughtsTokenCount"));
    }

    long input() {
        return Math.max(0, prompt - cached) + toolUsePrompt;
    }

    long output() {
        return candidates + thoughts;
    }

    /** Anthropic's {@code usage} with the cache counters, as a whole answer and {@code message_start} carry it. */
    ObjectNode messageUsage() {
        ObjectNode usage = JsonTrees.object();
        usage.put("input_tokens", input());
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", cached);
        usage.put("output_tokens", output());
        return usage;
    }

    private static long count(JsonNode metadata, String name) {
        JsonNode value = JsonTrees.member(metadata, name);
        return value.isNumber() ? value.asLong() : 0;
    }
}
