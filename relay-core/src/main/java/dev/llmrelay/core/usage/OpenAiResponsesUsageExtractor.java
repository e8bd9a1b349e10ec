package dev.llmrelay.core.usage;

import static dev.llmrelay.core.usage.JsonMembers.forEachMember;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.usage.TokenUsage;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;

/**
 * OpenAI Responses usage: {@code usage} of a whole response; in a stream, {@code response.usage} of the
 * terminal event ({@code response.completed}, {@code response.incomplete} or {@code response.failed}).
 * {@code input_tokens} includes cached and cache-written tokens, which are taken out of input.
 */
final class OpenAiResponsesUsageExtractor implements UsageExtractor {

    private static final Set<String> TERMINAL_EVENTS =
            Set.of("response.completed", "response.incomplete", "response.failed");
    private static final String USAGE_KEY = "\"usage\"";

    private final JsonFactory json;

    OpenAiResponsesUsageExtractor(JsonFactory json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public TokenUsage fromBody(byte[] body) {
        TokenUsage usage = JsonMembers.find(json, body, OpenAiResponsesUsageExtractor::read, "usage");
        return usage == null ? TokenUsage.ZERO : usage;
    }

    @Override
    public StreamUsage newStream() {
        return new StreamUsage() {
            private volatile TokenUsage current = TokenUsage.ZERO;

            @Override
            public void onEvent(SseEvent event) {
                TokenUsage usage;
                if (event.event().isPresent()) {
                    if (!TERMINAL_EVENTS.contains(event.event().get())) {
                        return;
                    }
                    usage = JsonMembers.find(json, event.data(), OpenAiResponsesUsageExtractor::read,
                            "response", "usage");
                } else {
                    // A stream without event: lines; the data's type says which event it is.
                    if (!event.data().contains(USAGE_KEY)) {
                        return;
                    }
                    usage = unnamedTerminalUsage(event.data());
                }
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

    /** {@code response.usage} of an event named only by its data's {@code type}, if that type is terminal. */
    private TokenUsage unnamedTerminalUsage(String data) {
        try (JsonParser parser = json.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            TokenUsage usage = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else if (name.equals("response")) {
                    TokenUsage[] found = new TokenUsage[1];
                    forEachMember(parser, (member, p) -> {
                        if (member.equals("usage") && p.currentToken() == JsonToken.START_OBJECT) {
                            found[0] = read(p);
                        } else {
                            p.skipChildren();
                        }
                    });
                    usage = found[0];
                } else {
                    parser.skipChildren();
                }
            }
            return TERMINAL_EVENTS.contains(type) ? usage : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static TokenUsage read(JsonParser parser) throws IOException {
        return OpenAiUsageObject.RESPONSES.read(parser);
    }
}
