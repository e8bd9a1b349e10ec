package dev.llmrelay.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many long streams held open at once, each on its own connection and virtual thread, opened a bounded number
 * at a time; while {@link #measureFor measuring}, each text event's trip from the mock is timed. Closing
 * drops every connection, as clients that leave would.
 */
public final class HeldStreams implements AutoCloseable {
    private final ConcurrentLinkedQueue<BenchConnection> connections = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch settled;
    private final LongAdder started = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LatencySamples transit = new LatencySamples();
    private volatile boolean measuring;
    private volatile boolean closing;
    private double openSeconds;

    private HeldStreams(int count) {
        settled = new CountDownLatch(count);
    }

    /**
     * Opens {@code count} streams, at most {@code concurrentOpens} waiting for their first event at a time;
     * answers once each has its first event or failed, or at {@code timeout}.
     */
    public static HeldStreams open(Target target, byte[] request, int count, int concurrentOpens, Duration timeout)
            throws InterruptedException {
        var streams = new HeldStreams(count);
        var opening = new Semaphore(concurrentOpens);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            streams.threads.submit(() -> streams.hold(target, request, opening));
        }
        streams.settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        streams.openSeconds = (System.nanoTime() - start) / 1e9;
        return streams;
    }

    /** Streams that reached their first event. */
    public long started() {
        return started.sum();
    }

    /** Streams that failed before their first event, or broke before they were closed. */
    public long failed() {
        return failed.sum();
    }

    /** How long opening took. */
    public double openSeconds() {
        return openSeconds;
    }

    /** Times every text event that arrives during {@code duration}. */
    public void measureFor(Duration duration) throws InterruptedException {
        measuring = true;
        Thread.sleep(duration.toMillis());
        measuring = false;
    }

    /** The trips timed while measuring; complete once closed. */
    public LatencySummary transit() {
        return transit.summary();
    }

    @Override
    public void close() {
        closing = true;
        connections.forEach(BenchConnection::close);
        threads.close();
    }

    private void hold(Target target, byte[] request, Semaphore opening) {
        var mine = new LatencySamples();
        boolean[] firstSeen = {false};
        try {
            opening.acquire();
        } catch (InterruptedException e) {
            settled.countDown();
            return;
        }
        try {
            BenchConnection connection = BenchConnection.open(target, 2048);
            connections.add(connection);
            if (closing) {
                connection.close();
            }
            connection.send(request);
            connection.readAnswer((arrival, event, length) -> {
                if (!firstSeen[0]) {
                    firstSeen[0] = true;
                    started.increment();
                    settled.countDown();
                    opening.release();
                }
                long stamp = BenchConnection.stampOf(event, length);
                if (measuring && stamp != BenchConnection.NO_STAMP) {
                    mine.add(arrival - stamp);
                }
            });
        } catch (IOException | RuntimeException e) {
            if (!closing || !firstSeen[0]) {
                failed.increment();
            }
        } finally {
            if (!firstSeen[0]) {
                settled.countDown();
                opening.release();
            }
            transit.addAll(mine);
        }
    }
}
