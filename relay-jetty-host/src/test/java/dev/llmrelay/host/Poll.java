package dev.llmrelay.host;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for something another thread records after the answer (usage is written once the stream ends). */
final class Poll {
    private Poll() {
    }

    /** The first non-null value {@code probe} gives within {@code timeout}; fails the test otherwise. */
    static <T> T until(Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}
