package dev.llmrelay.core.translate;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.core.error.ErrorRenderer;
import dev.llmrelay.core.wire.WireFormat;
import java.util.List;

/**
 * The stream "translation" of a client and upstream of one protocol: every event as it came, and at the end
 * an error event if the upstream stopped before its protocol's last event.
 */
public final class PassThrough implements StreamTranslation {
    private final WireFormat wire;
    private final ErrorRenderer errors;
    private boolean ended;

    public PassThrough(WireFormat wire, ErrorRenderer errors) {
        this.wire = wire;
        this.errors = errors;
    }

    @Override
    public List<SseEvent> onEvent(SseEvent upstreamEvent) {
        ended |= wire.endsStream(upstreamEvent) || wire.isError(upstreamEvent);
        return List.of(upstreamEvent);
    }

    @Override
    public List<SseEvent> onEnd() {
        if (ended || wire.endsAtEndOfStream()) {
            return List.of();
        }
        return List.of(errors.streamEvent(RelayError.of(ErrorKind.UPSTREAM, "the upstream stream ended before its last event")));
    }
}
