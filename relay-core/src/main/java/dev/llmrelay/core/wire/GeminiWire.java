package dev.llmrelay.core.wire;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.exchange.Headers;
import java.util.List;
import java.util.Set;

/**
 * Gemini and Code Assist: a stream just ends, with no terminal event; an error is a chunk with an
 * {@code error} key. The Google client headers pass; {@code x-goog-api-key} never does.
 */
public final class GeminiWire implements WireFormat {
    private static final HeaderAllowlist ALLOWED = new HeaderAllowlist(
            Set.of("user-agent", "x-goog-api-client", "accept-language"), List.of());

    private final Protocol protocol;

    GeminiWire(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public Protocol protocol() {
        return protocol;
    }

    @Override
    public Headers.Builder forwardedHeaders(Headers client) {
        return ALLOWED.copy(client);
    }

    @Override
    public boolean endsStream(SseEvent event) {
        return false;
    }

    @Override
    public boolean isError(SseEvent event) {
        return JsonPeek.hasTopLevelField(event.data(), "error");
    }

    @Override
    public boolean endsAtEndOfStream() {
        return true;
    }
}
