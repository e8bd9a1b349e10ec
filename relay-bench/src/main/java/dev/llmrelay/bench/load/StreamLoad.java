package dev.llmrelay.bench.load;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/** N clients, each reading one stream after another on its own connection, timing every event. */
public final class StreamLoad {
    private StreamLoad() {
    }

    /** The figures of several rounds on one target. */
    public static final class Tally {
        private final LatencySamples firstEvent = new LatencySamples();
        private final LatencySamples transit = new LatencySamples();
        private final LatencySamples gaps = new LatencySamples();
        private final LongAdder streams = new LongAdder();
        private final LongAdder errors = new LongAdder();

        public StreamResult result(String target, int clients) {
            return new StreamResult(target, clients, streams.sum(), errors.sum(), firstEvent.summary(),
                    transit.summary(), gaps.summary());
        }
    }

    /** Runs one round, adding its figures to {@code tally}. */
    public static void run(Target target, byte[] request, int clients, LoadWindow window, Tally tally) {
        var firstEvent = tally.firstEvent;
        var transit = tally.transit;
        var gaps = tally.gaps;
        var streams = tally.streams;
        var errors = tally.errors;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.submit(() -> client(target, request, window, firstEvent, transit, gaps, streams, errors));
            }
        }
    }

    private static void client(Target target, byte[] request, LoadWindow window, LatencySamples allFirst,
                               LatencySamples allTransit, LatencySamples allGaps, LongAdder streams,
                               LongAdder errors) {
        var first = new LatencySamples();
        var transit = new LatencySamples();
        var gaps = new LatencySamples();
        var measured = new StreamTimings(first, transit, gaps);
        var warmingUp = new StreamTimings(null, null, null);
        BenchConnection connection = null;
        try {
            while (true) {
                long sent = System.nanoTime();
                if (window.over(sent)) {
                    break;
                }
                StreamTimings timings = window.measures(sent) ? measured : warmingUp;
                timings.start(sent);
                try {
                    if (connection == null) {
                        connection = BenchConnection.open(target, 8 * 1024);
                    }
                    BenchConnection.Answer answer = connection.exchange(request, timings);
                    if (!answer.keepAlive()) {
                        connection.close();
                        connection = null;
                    }
                    if (timings == measured) {
                        if (answer.status() == 200) {
                            streams.increment();
                        } else {
                            errors.increment();
                        }
                    }
                } catch (IOException failed) {
                    errors.increment();
                    if (connection != null) {
                        connection.close();
                        connection = null;
                    }
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
            allFirst.addAll(first);
            allTransit.addAll(transit);
            allGaps.addAll(gaps);
        }
    }
}
