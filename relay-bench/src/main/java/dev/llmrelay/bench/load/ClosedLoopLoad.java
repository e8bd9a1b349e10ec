package dev.llmrelay.bench.load;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * N clients, each on its own keep-alive connection, sending the next request as soon as the last answer is
 * read: the throughput a target sustains at that concurrency, and each request's latency.
 */
public final class ClosedLoopLoad {
    private ClosedLoopLoad() {
    }

    /** Runs one round, adding its figures to {@code tally}. */
    public static void run(Target target, byte[] request, int clients, LoadWindow window, LoadTally tally) {
        var samples = new LatencySamples();
        var errors = new LongAdder();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.submit(() -> client(target, request, window, samples, errors));
            }
        }
        tally.add(samples, errors.sum(), window.measuredSeconds());
    }

    private static void client(Target target, byte[] request, LoadWindow window, LatencySamples all, LongAdder errors) {
        var mine = new LatencySamples();
        BenchConnection connection = null;
        try {
            while (true) {
                long sent = System.nanoTime();
                if (window.over(sent)) {
                    break;
                }
                try {
                    if (connection == null) {
                        connection = BenchConnection.open(target, 16 * 1024);
                    }
                    BenchConnection.Answer answer = connection.exchange(request, null);
                    long done = System.nanoTime();
                    if (!answer.keepAlive()) {
                        connection.close();
                        connection = null;
                    }
                    if (window.measures(done)) {
                        if (answer.status() == 200) {
                            mine.add(done - sent);
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
            all.addAll(mine);
        }
    }
}
