package dev.llmrelay.core.error;

import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.SseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Renders a {@link RelayError} in one client protocol's own error shape. */
public sealed interface ErrorRenderer permits AnthropicErrorRenderer, OpenAiErrorRenderer, GoogleErrorRenderer {

    /** The error as an HTTP answer. */
    RenderedError render(RelayError error);

    /** The error as a stream event, for a failure after the answer started streaming. */
    SseEvent streamEvent(RelayError error);

    /** The renderer for clients of {@code protocol}. */
    static ErrorRenderer forProtocol(Protocol protocol, ObjectMapper json) {
        return switch (protocol) {
            case ANTHROPIC_MESSAGES -> new AnthropicErrorRenderer(json);
            case OPENAI_CHAT, OPENAI_RESPONSES -> new OpenAiErrorRenderer(json);
            case GEMINI, GEMINI_CODE_ASSIST -> new GoogleErrorRenderer(json);
        };
    }
}
