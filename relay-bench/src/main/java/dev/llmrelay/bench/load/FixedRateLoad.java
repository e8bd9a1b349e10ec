package dev.llmrelay.bench.load;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests at a fixed rate, each timed from when it was meant to be sent rather than when a free connection
 * sent it, so a stall of the target shows in every request it delayed (no coordinated omission).
 *
 * <p>Several targets ({@link Lane lanes}) can share one schedule, request by request in turn: on a machine that
 * others use too, each disturbance then falls on every target at the same moments, and the difference of their
 * percentiles is the targets' own.
 */
public final class FixedRateLoad {
    private FixedRateLoad() {
    }

    /** One target of a shared schedule, and where its figures go. */
    public record Lane(Target target, byte[] request, LoadTally tally) {
    }

    /**
     * Runs one round.
     *
     * @param requestsPerSecond each lane's rate; the lanes take turns, request {@code i} going to lane
     *     {@code i % lanes}, due at {@code start + i / (rate * lanes)}
     * @param connections how many requests may be in flight at once; each holds a connection to every lane
     */
    public static void run(List<Lane> lanes, int requestsPerSecond, int connections, LoadWindow window) {
        long periodNanos = 1_000_000_000L / ((long) requestsPerSecond * lanes.size());
        var next = new AtomicLong();
        List<LatencySamples> samples = lanes.stream().map(lane -> new LatencySamples()).toList();
        List<LongAdder> errors = lanes.stream().map(lane -> new LongAdder()).toList();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                threads.submit(() -> worker(lanes, window, periodNanos, next, samples, errors));
            }
        }
        for (int i = 0; i < lanes.size(); i++) {
            lanes.get(i).tally().add(samples.get(i), errors.get(i).sum(), window.measuredSeconds());
        }
    }

    private static void worker(List<Lane> lanes, LoadWindow window, long periodNanos, AtomicLong next,
                               List<LatencySamples> all, List<LongAdder> errors) {
        List<LatencySamples> mine = lanes.stream().map(lane -> new LatencySamples()).toList();
        var connections = new BenchConnection[lanes.size()];
        try {
            while (true) {
                long index = next.getAndIncrement();
                long due = window.startNanos() + index * periodNanos;
                if (window.over(due)) {
                    break;
                }
                int lane = (int) (index % lanes.size());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                try {
                    if (connections[lane] == null) {
                        connections[lane] = BenchConnection.open(lanes.get(lane).target(), 16 * 1024);
                    }
                    BenchConnection.Answer answer = connections[lane].exchange(lanes.get(lane).request(), null);
                    long done = System.nanoTime();
                    if (!answer.keepAlive()) {
                        connections[lane].close();
                        connections[lane] = null;
                    }
                    if (window.measures(due)) {
                        if (answer.status() == 200) {
                            mine.get(lane).add(done - due);
                        } else {
                            errors.get(lane).increment();
                        }
                    }
                } catch (IOException failed) {
                    errors.get(lane).increment();
                    if (connections[lane] != null) {
                        connections[lane].close();
                        connections[lane] = null;
                    }
                }
            }
        } finally {
            for (int i = 0; i < lanes.size(); i++) {
                if (connections[i] != null) {
                    connections[i].close();
                }
                all.get(i).addAll(mine.get(i));
            }
        }
    }
}
