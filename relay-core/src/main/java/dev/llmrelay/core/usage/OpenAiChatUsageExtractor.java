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
 * OpenAI Chat Completions usage: {@code usage} of a whole completion; in a stream, the last chunk whose
 * {@code usage} is not null (the {@code choices: []} chunk {@code stream_options.include_usage} adds).
 * {@code prompt_tokens} includes cached and cache-written tokens, which are taken out of input.
 */
final class OpenAiChatUsageExtractor implements UsageExtractor {

    /** Only chunks holding this text are parsed; a {@code usage} key cannot occur without it. */
    private static final String USAGE_KEY = "\"usage\"";

    private final JsonFactory json;

    OpenAiChatUsageExtractor(JsonFactory json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public TokenUsage fromBody(byte[] body) {
        TokenUsage usage = JsonMembers.find(json, body, OpenAiChatUsageExtractor::read, "usage");
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
                TokenUsage usage = JsonMembers.find(json, event.data(), OpenAiChatUsageExtractor::read, "usage");
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
                case "prompt_tokens" -> c.prompt = orZero(count(p));
                case "completion_tokens" -> c.completion = orZero(count(p));
                case "prompt_tokens_details" -> forEachMember(p, (inner, q) -> {
                    switch (inner) {
                        case "cached_tokens" -> c.cached = orZero(count(q));
                        case "cache_write_tokens" -> c.cacheWrite = orZero(count(q));
                        default -> q.skipChildren();
                    }
                });
                case "completion_tokens_details" -> forEachMember(p, (inner, q) -> {
                    if (inner.equals("reasoning_tokens")) {
                        c.reasoning = orZero(count(q));
                    } else {
                        q.skipChildren();
                    }
                });
                default -> p.skipChildren();
            }
        });
        long input = Math.max(0, c.prompt - c.cached - c.cacheWrite);
        return new TokenUsage(input, c.completion, c.cacheWrite, c.cached, 0, c.reasoning);
    }

    /** The counters of one {@code usage} object as Chat reports them. */
    private static final class Counts {
        long prompt;
        long completion;
        long cached;
        long cacheWrite;
        long reasoning;
    }
}
