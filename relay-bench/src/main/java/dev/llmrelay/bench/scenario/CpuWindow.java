package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.LoadWindow;
import dev.llmrelay.bench.process.ProcessProbe;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/** The CPU time a process spends inside a load's measured window, read from /proc at both ends. */
final class CpuWindow {
    private final Thread sampler;
    private volatile long cpuNanos = -1;

    private CpuWindow(ProcessProbe probe, LoadWindow window) {
        sampler = Thread.ofVirtual().start(() -> {
            parkUntil(window.measureFromNanos());
            long start = probe.cpuNanos();
            parkUntil(window.endNanos());
            cpuNanos = probe.cpuNanos() - start;
        });
    }

    /** Starts watching {@code window}; nothing when there is no process to watch. */
    static Optional<CpuWindow> watch(Optional<ProcessProbe> probe, LoadWindow window) {
        return probe.map(p -> new CpuWindow(p, window));
    }

    /** The CPU time inside the window; waits for the window's end. */
    long cpuNanos() throws InterruptedException {
        sampler.join();
        return cpuNanos;
    }

    private static void parkUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
