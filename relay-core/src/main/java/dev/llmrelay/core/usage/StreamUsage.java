package dev.llmrelay.core.usage;

import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.usage.TokenUsage;

/**
 * The usage of one streamed answer, followed event by event. {@link #onEvent} is called by the thread
 * relaying the stream, in order; {@link #current} may be read from any thread at any time, so a stream
 * cut short (client gone, upstream failed) is still metered with what it reported so far.
 */
public interface StreamUsage {

    /** Takes the next upstream event; cheap for events that cannot hold usage, and never throws. */
    void onEvent(SseEvent event);

    /** The usage reported so far: {@link TokenUsage#ZERO} before any. */
    TokenUsage current();
}
