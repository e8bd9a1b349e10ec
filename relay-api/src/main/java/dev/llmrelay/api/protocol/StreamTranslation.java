package dev.llmrelay.api.protocol;

import java.util.List;

/**
 * The translation of one streamed answer, event by event. It keeps whatever state the mapping needs
 * (open blocks, tool-call indices) and is used by one thread for one stream only.
 */
public interface StreamTranslation {

    /** The client events one upstream event becomes, possibly none; called as each upstream event arrives. */
    List<SseEvent> onEvent(SseEvent upstreamEvent);

    /** The closing client events when the upstream stream ends, or an error event if it ended too early. */
    List<SseEvent> onEnd();
}
