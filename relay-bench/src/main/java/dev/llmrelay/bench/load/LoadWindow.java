package dev.llmrelay.bench.load;

import java.time.Duration;

/** A warm-up, then the measured window, on {@link System#nanoTime()}'s clock. */
public record LoadWindow(long startNanos, long measureFromNanos, long endNanos) {

    /** A window starting now. */
    public static LoadWindow startingNow(Duration warmup, Duration measured) {
        long start = System.nanoTime();
        return new LoadWindow(start, start + warmup.toNanos(), start + warmup.toNanos() + measured.toNanos());
    }

    public boolean measures(long nanos) {
        return nanos >= measureFromNanos && nanos < endNanos;
    }

    public boolean over(long nanos) {
        return nanos >= endNanos;
    }

    public double measuredSeconds() {
        return (endNanos - measureFromNanos) / 1e9;
    }
}
