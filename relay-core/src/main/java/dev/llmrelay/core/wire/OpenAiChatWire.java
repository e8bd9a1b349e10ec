package dev.llmrelay.core.wire;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.exchange.Headers;

/** OpenAI Chat Completions: a stream ends with {@code data: [DONE]}; an error is a chunk with an {@code error} key. */
public final class OpenAiChatWire implements WireFormat {

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI_CHAT;
    }

    @Override
    public Headers.Builder forwardedHeaders(Headers client) {
        return OpenAiHeaders.ALLOWED.copy(client);
    }

    @Override
    public boolean endsStream(SseEvent event) {
        return event.data().equals("[DONE]");
    }

    @Override
    public boolean isError(SseEvent event) {
        return JsonPeek.hasTopLevelField(event.data(), "error");
    }
}
