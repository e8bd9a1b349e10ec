package dev.llmrelay.core.usage;

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
        return OpenAiUsageObject.CHAT.read(parser);
    }
}
