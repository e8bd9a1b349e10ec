package dev.llmrelay.bench.load;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests at a fixed rate, each timed from when it was meant to be sent rather than when a free connection
 * sent it, so a stall of the target shows in every request it delayed (no coordinated omission).
 */
public final class FixedRateLoad {
    private FixedRateLoad() {
    }

    /**
     * @param requestsPerSecond the schedule: request {@code i} is due at {@code start + i / rate}
     * @param connections how many requests may be in flight at once, each on its own connection
     * @param tally where the round's figures are added
     */
    public static void run(Target target, byte[] request, int requestsPerSecond, int connections,
                           LoadWindow window, LoadTally tally) {
        long periodNanos = 1_000_000_000L / requestsPerSecond;
        var next = new AtomicLong();
        var samples = new LatencySamples();
        var errors = new LongAdder();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                threads.submit(() -> worker(target, request, window, periodNanos, next, samples, errors));
            }
        }
        tally.add(samples, errors.sum(), window.measuredSeconds());
    }

    private static void worker(Target target, byte[] request, LoadWindow window, long periodNanos, AtomicLong next,
                               LatencySamples all, LongAdder errors) {
        var mine = new LatencySamples();
        BenchConnection connection = null;
        try {
            while (true) {
                long due = window.startNanos() + next.getAndIncrement() * periodNanos;
                if (window.over(due)) {
                    break;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
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
                    if (window.measures(due)) {
                        if (answer.status() == 200) {
                            mine.add(done - due);
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
                }
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
            all.addAll(mine);
        }
    }
}
