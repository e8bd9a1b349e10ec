package dev.llmrelay.core.usage;

import static dev.llmrelay.core.usage.JsonMembers.count;
import static dev.llmrelay.core.usage.JsonMembers.forEachMember;
import static dev.llmrelay.core.usage.JsonMembers.orZero;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.usage.TokenUsage;
import java.io.IOException;
import java.util.Objects;

/**
 * Gemini usage: {@code usageMetadata} of a whole answer; in a stream, that of the last chunk carrying one
 * (the counts are cumulative: never added). Code Assist wraps each answer and chunk as
 * {@code {"response": <Gemini answer>, "traceId": ...}}, so its usage is {@code response.usageMetadata}.
 * {@code promptTokenCount} includes cached tokens; thoughts are output.
 */
final class GeminiUsageExtractor implements UsageExtractor {

    private static final String USAGE_KEY = "\"usageMetadata\"";

    private final JsonFactory json;
    private final String[] pathToUsage;

    private GeminiUsageExtractor(JsonFactory json, String... pathToUsage) {
        this.json = Objects.requireNonNull(json, "json");
        this.pathToUsage = pathToUsage;
    }

    /** For the Gemini API (generativelanguage). */
    static GeminiUsageExtractor gemini(JsonFactory json) {
        return new GeminiUsageExtractor(json, "usageMetadata");
    }

    /** For Code Assist ({@code v1internal}), as Gemini CLI uses it with a Google login. */
    static GeminiUsageExtractor codeAssist(JsonFactory json) {
        return new GeminiUsageExtractor(json, "response", "usageMetadata");
    }

    @Override
    public TokenUsage fromBody(byte[] body) {
        TokenUsage usage = JsonMembers.find(json, body, GeminiUsageExtractor::read, pathToUsage);
        return usage == null ? TokenUsage.ZERO : usage;
    }

    @Override
    public StreamUsage newStream() {
        return new StreamUsage() {
            private volatile TokenUsage current = TokenUsage.ZERO;

            @Override
            public void onEvent(SseEvent event) {
                if (!event.data().contains(USAGE_KEY)) {
                    return;
                }
                TokenUsage usage = JsonMembers.find(json, event.data(), GeminiUsageExtractor::read, pathToUsage);
                if (usage != null) {
                    current = usage;
                }
            }

            @Override
            public TokenUsage current() {
                return current;
            }
        };
    }

    private static TokenUsage read(JsonParser parser) throws IOException {
        Counts c = new Counts();
        forEachMember(parser, (name, p) -> {
            switch (name) {
                case "promptTokenCount" -> c.prompt = orZero(count(p));
                case "cachedContentTokenCount" -> c.cached = orZero(count(p));
                case "toolUsePromptTokenCount" -> c.toolUsePrompt = orZero(count(p));
                case "candidatesTokenCount" -> c.candidates = orZero(count(p));
                case "thoughtsTokenCount" -> c.thoughts = orZero(count(p));
                default -> p.skipChildren();
            }
        });
        long input = Math.max(0, c.prompt - c.cached + c.toolUsePrompt);
        return new TokenUsage(input, c.candidates + c.thoughts, 0, c.cached, 0, c.thoughts);
    }

    /** The counters of one {@code usageMetadata} object. */
    private static final class Counts {
        long prompt;
        long cached;
        long toolUsePrompt;
        long candidates;
        long thoughts;
    }
}
