package dev.llmrelay.core.event;

import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageRecord;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request's events: what the steps of the chain learn about it (its key, its usage) is gathered here, so
 * that the listener hears one whole {@link RequestEnded} when the engine is done with it. The engine makes one
 * per request; steps report through {@link dev.llmrelay.core.chain.RelayCall#events()}.
 */
public final class CallEvents {
    private final RelayEventListener listener;
    private final String route;
    private final String method;
    private final String path;
    private final long startNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile String keyId;
    private volatile UsageRecord usage;
    private volatile int status;
    private volatile long firstByteNanos;
    /** {@link #NO_STREAM}, {@link #STREAM_OPEN} or {@link #DONE}: a stream opens at most once, and never after the end. */
    private final AtomicInteger streamState = new AtomicInteger(NO_STREAM);
    private static final int NO_STREAM = 0;
    private static final int STREAM_OPEN = 1;
    private static final int DONE = 2;

    private CallEvents(RelayEventListener listener, String route, String method, String path, long startNanos) {
        this.listener = listener;
        this.route = route;
        this.method = method;
        this.path = path;
        this.startNanos = startNanos;
    }

    /** Starts the events of a request that arrived at {@code startNanos} ({@link System#nanoTime()}). */
    public static CallEvents start(RelayEventListener listener, String route, String method, String path,
                                   long startNanos) {
        var events = new CallEvents(Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(route, "route"),
                Objects.requireNonNull(method, "method"), Objects.requireNonNull(path, "path"), startNanos);
        listener.requestStarted(route);
        return events;
    }

    /** Events that nobody hears, for a call made outside the engine (tests of one step). */
    public static CallEvents unobserved() {
        return new CallEvents(RelayEventListener.NONE, "unmatched", "", "", System.nanoTime());
    }

    /** {@code response}, noting the status the client gets, its first byte and whether it is a stream. */
    public ResponseChannel observe(ResponseChannel response) {
        return new ObservedResponse(Objects.requireNonNull(response, "response"));
    }

    public void keyAdmitted(String keyId) {
        this.keyId = keyId;
    }

    /** The request's usage record, as it went to the meter. */
    public void usageRecorded(UsageRecord record) {
        this.usage = record;
    }

    public void leaseTaken(RelayEventListener.LeaseKind kind) {
        listener.leaseTaken(kind);
    }

    public void leaseReleased(RelayEventListener.LeaseKind kind) {
        listener.leaseReleased(kind);
    }

    public void upstreamFailed(UpstreamFailure failure) {
        listener.upstreamFailed(failure);
    }

    /** The engine is done with the request: the listener hears how it ended. Only the first call counts. */
    public void ended() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        long now = System.nanoTime();
        if (streamState.getAndSet(DONE) == STREAM_OPEN) {
            listener.streamClosed();
        }
        UsageRecord record = usage;
        Optional<Duration> firstByte = firstByteNanos == 0 ? Optional.empty()
                : Optional.of(Duration.ofNanos(firstByteNanos - startNanos));
        listener.requestEnded(new RequestEnded(route, method, path, status,
                record == null ? Optional.ofNullable(keyId) : Optional.of(record.keyId()),
                record == null ? Optional.empty() : record.accountId(),
                record == null ? Optional.empty() : record.platform(),
                record == null ? "" : record.model(),
                record != null && record.stream(),
                record == null ? TokenUsage.ZERO : record.tokens(),
                record == null ? 0.0 : record.costUsd(),
                Duration.ofNanos(now - startNanos), firstByte));
    }

    /** The client's response as the engine writes it, with the facts the events need noted on the way. */
    private final class ObservedResponse implements ResponseChannel {
        private final ResponseChannel response;

        ObservedResponse(ResponseChannel response) {
            this.response = response;
        }

        @Override
        public void send(int status, Headers headers, byte[] body) throws IOException {
            CallEvents.this.status = status;
            firstByte();
            response.send(status, headers, body);
        }

        @Override
        public void startStream(int status, Headers headers) throws IOException {
            CallEvents.this.status = status;
            response.startStream(status, headers);
            if (streamState.compareAndSet(NO_STREAM, STREAM_OPEN)) {
                listener.streamOpened();
            }
        }

        @Override
        public void writeEvent(byte[] event) throws IOException {
            firstByte();
            response.writeEvent(event);
        }

        @Override
        public void endStream() throws IOException {
            response.endStream();
        }

        @Override
        public boolean isCommitted() {
            return response.isCommitted();
        }

        private void firstByte() {
            if (firstByteNanos == 0) {
                firstByteNanos = System.nanoTime();
            }
        }
    }
}
