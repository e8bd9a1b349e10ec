package dev.llmrelay.core.event;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners registered on a relay, each hook passed to every one of them in turn; one that throws is logged
 * and the others still hear the event (after Caffeine's {@code GuardedStatsCounter}).
 */
public final class GuardedListeners implements RelayEventListener {
    private static final Logger log = LoggerFactory.getLogger(GuardedListeners.class);

    private final List<RelayEventListener> listeners;

    public GuardedListeners(List<RelayEventListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void requestStarted(String route) {
        each(listener -> listener.requestStarted(route));
    }

    @Override
    public void requestEnded(RequestEnded request) {
        each(listener -> listener.requestEnded(request));
    }

    @Override
    public void upstreamFailed(UpstreamFailure failure) {
        each(listener -> listener.upstreamFailed(failure));
    }

    @Override
    public void leaseTaken(LeaseKind kind) {
        each(listener -> listener.leaseTaken(kind));
    }

    @Override
    public void leaseReleased(LeaseKind kind) {
        each(listener -> listener.leaseReleased(kind));
    }

    @Override
    public void streamOpened() {
        each(RelayEventListener::streamOpened);
    }

    @Override
    public void streamClosed() {
        each(RelayEventListener::streamClosed);
    }

    private void each(Consumer<RelayEventListener> hook) {
        for (RelayEventListener listener : listeners) {
            try {
                hook.accept(listener);
            } catch (RuntimeException e) {
                log.warn("event listener {} failed; the request goes on", listener.getClass().getName(), e);
            }
        }
    }
}
