package dev.llmrelay.core.wire;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.exchange.Headers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Anthropic Messages: {@code anthropic-*} and SDK headers pass; a stream ends at {@code message_stop}. */
public final class AnthropicWire implements WireFormat {
    /** The API version sent when the client names none. */
    public static final String DEFAULT_VERSION = "2023-06-01";

    private static final HeaderAllowlist ALLOWED = new HeaderAllowlist(
            Set.of("user-agent", "x-app", "x-claude-code-session-id", "accept-language"),
            List.of("anthropic-", "x-stainless-"));

    @Override
    public Protocol protocol() {
        return Protocol.ANTHROPIC_MESSAGES;
    }

    @Override
    public Headers.Builder forwardedHeaders(Headers client) {
        Headers.Builder upstream = ALLOWED.copy(client);
        if (client.first("anthropic-version").isEmpty()) {
            upstream.set("anthropic-version", DEFAULT_VERSION);
        }
        return upstream;
    }

    /** Anthropic's own keep-alive, which its SDKs expect and skip: {@code event: ping}. */
    @Override
    public byte[] keepAlive() {
        return "event: ping\ndata: {\"type\": \"ping\"}\n\n".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean endsStream(SseEvent event) {
        return event.is("message_stop");
    }

    @Override
    public boolean isError(SseEvent event) {
        return event.is("error");
    }
}
