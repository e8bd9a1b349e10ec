package dev.llmrelay.core.wire;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.exchange.Headers;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI Responses: a stream ends with {@code response.completed}, {@code response.incomplete} or
 * {@code response.failed}; an {@code error} event or a failed response is an error.
 */
public final class OpenAiResponsesWire implements WireFormat {
    private static final Set<String> TERMINAL = Set.of("response.completed", "response.incomplete", "response.failed");

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI_RESPONSES;
    }

    @Override
    public Headers.Builder forwardedHeaders(Headers client) {
        return OpenAiHeaders.ALLOWED.copy(client);
    }

    @Override
    public boolean endsStream(SseEvent event) {
        return TERMINAL.contains(type(event)) || isError(event);
    }

    @Override
    public boolean isError(SseEvent event) {
        String type = type(event);
        return type.equals("error") || type.equals("response.failed");
    }

    /** The event's type: its {@code event:} name, else the {@code type} of its data (Codex reads only that). */
    private static String type(SseEvent event) {
        Optional<String> named = event.event();
        return named.isPresent() ? named.get() : JsonPeek.topLevelString(event.data(), "type").orElse("");
    }
}
