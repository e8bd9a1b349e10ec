package dev.llmrelay.core.wire;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.exchange.Headers;
import java.nio.charset.StandardCharsets;

/**
 * What the relay must know of one protocol's wire to pass it through: which client headers an upstream of
 * this protocol may see, which stream event ends an answer normally, and which one is an error sent after
 * HTTP 200.
 */
public sealed interface WireFormat permits AnthropicWire, OpenAiChatWire, OpenAiResponsesWire, GeminiWire {

    Protocol protocol();

    /** The client's headers this protocol's upstream may see (never credentials, cookies or hop-by-hop headers). */
    Headers.Builder forwardedHeaders(Headers client);

    /** Whether {@code event} is the normal last event of an answer. */
    boolean endsStream(SseEvent event);

    /**
     * What the relay sends a client of this protocol when its upstream has been silent for a while, so that no
     * proxy or client idle timeout ends a stream a reasoning model is still thinking in: an SSE comment,
     * which every reader ignores.
     */
    default byte[] keepAlive() {
        return ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether {@code event} is an error the upstream sent inside a 200 stream. */
    boolean isError(SseEvent event);

    /**
     * Whether a stream may end without a terminal event: Gemini's just ends, the others end with a
     * terminal event and a stream without one was cut short.
     */
    default boolean endsAtEndOfStream() {
        return false;
    }

    /** The wire rules of {@code protocol}. */
    static WireFormat of(Protocol protocol) {
        return switch (protocol) {
            case ANTHROPIC_MESSAGES -> new AnthropicWire();
            case OPENAI_CHAT -> new OpenAiChatWire();
            case OPENAI_RESPONSES -> new OpenAiResponsesWire();
            case GEMINI, GEMINI_CODE_ASSIST -> new GeminiWire(protocol);
        };
    }
}
