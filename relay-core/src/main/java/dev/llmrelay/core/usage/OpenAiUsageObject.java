package dev.llmrelay.core.usage;

import static dev.llmrelay.core.usage.JsonMembers.count;
import static dev.llmrelay.core.usage.JsonMembers.forEachMember;
import static dev.llmrelay.core.usage.JsonMembers.orZero;

import com.fasterxml.jackson.core.JsonParser;
import dev.llmrelay.api.usage.TokenUsage;
import java.io.IOException;

/**
 * One OpenAI {@code usage} object, as Chat Completions and Responses both shape it under different names:
 * the prompt count includes cached and cache-written tokens, which are taken out of input.
 */
record OpenAiUsageObject(String promptTokens, String outputTokens, String promptDetails, String outputDetails) {

    static final OpenAiUsageObject CHAT = new OpenAiUsageObject(
            "prompt_tokens", "completion_tokens", "prompt_tokens_details", "completion_tokens_details");
    static final OpenAiUsageObject RESPONSES = new OpenAiUsageObject(
            "input_tokens", "output_tokens", "input_tokens_details", "output_tokens_details");

    /** Reads the object the parser stands on (its START_OBJECT) into the normal form. */
    TokenUsage read(JsonParser parser) throws IOException {
        long[] prompt = {0};
        long[] output = {0};
        long[] cached = {0};
        long[] cacheWrite = {0};
        long[] reasoning = {0};
        forEachMember(parser, (name, p) -> {
            if (name.equals(promptTokens)) {
                prompt[0] = orZero(count(p));
            } else if (name.equals(outputTokens)) {
                output[0] = orZero(count(p));
            } else if (name.equals(promptDetails)) {
                forEachMember(p, (inner, q) -> {
                    switch (inner) {
                        case "cached_tokens" -> cached[0] = orZero(count(q));
                        case "cache_write_tokens" -> cacheWrite[0] = orZero(count(q));
                        default -> q.skipChildren();
                    }
                });
            } else if (name.equals(outputDetails)) {
                forEachMember(p, (inner, q) -> {
                    if (inner.equals("reasoning_tokens")) {
                        reasoning[0] = orZero(count(q));
                    } else {
                        q.skipChildren();
                    }
                });
            } else {
                p.skipChildren();
            }
        });
        long input = Math.max(0, prompt[0] - cached[0] - cacheWrite[0]);
        return new TokenUsage(input, output[0], cacheWrite[0], cached[0], 0, reasoning[0]);
    }
}
