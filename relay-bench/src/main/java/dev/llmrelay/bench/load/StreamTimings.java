package dev.llmrelay.bench.load;

/**
 * Times the events of one stream as a client sees them: the first event after the request was sent, each
 * text event after the mock wrote it (its stamp), and the gap between consecutive text events.
 */
final class StreamTimings implements BenchConnection.EventListener {
    private final LatencySamples firstEvent;
    private final LatencySamples transit;
    private final LatencySamples gaps;
    private long sentNanos;
    private long previousTextEvent;
    private boolean first;
    private long events;

    StreamTimings(LatencySamples firstEvent, LatencySamples transit, LatencySamples gaps) {
        this.firstEvent = firstEvent;
        this.transit = transit;
        this.gaps = gaps;
    }

    /** Starts timing a new stream sent at {@code sentNanos}; null samples record nothing. */
    void start(long sentNanos) {
        this.sentNanos = sentNanos;
        this.first = true;
        this.previousTextEvent = 0;
        this.events = 0;
    }

    long events() {
        return events;
    }

    @Override
    public void onEvent(long arrivalNanos, byte[] event, int length) {
        events++;
        if (first) {
            first = false;
            if (firstEvent != null) {
                firstEvent.add(arrivalNanos - sentNanos);
            }
        }
        long stamp = BenchConnection.stampOf(event, length);
        if (stamp == BenchConnection.NO_STAMP) {
            return;
        }
        if (transit != null) {
            transit.add(arrivalNanos - stamp);
        }
        if (previousTextEvent != 0 && gaps != null) {
            gaps.add(arrivalNanos - previousTextEvent);
        }
        previousTextEvent = arrivalNanos;
    }
}
