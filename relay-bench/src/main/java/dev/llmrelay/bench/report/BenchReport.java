package dev.llmrelay.bench.report;

import dev.llmrelay.bench.scenario.FixedRateScenario;
import dev.llmrelay.bench.scenario.OpenStreamsScenario;
import dev.llmrelay.bench.scenario.SlowReaderScenario;
import dev.llmrelay.bench.scenario.StreamTimingScenario;
import dev.llmrelay.bench.scenario.ThroughputScenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one benchmark run measured, as written to {@code bench-results/bench-*.json}; absent scenarios
 * were not run.
 *
 * @param machine the machine and JVMs, as the run saw them
 */
public record BenchReport(Machine machine, List<ThroughputScenario.Row> throughput,
                          Optional<FixedRateScenario.Row> fixedRate, Optional<StreamTimingScenario.Row> streams,
                          List<OpenStreamsScenario.Row> openStreams, Optional<SlowReaderScenario.Row> slowReader) {

    /**
     * Where the run ran.
     *
     * @param relayIdleCpuMsPerSecond the relay's CPU use with no request running, after the warm-up
     * @param loadAverageBefore the machine's 1-minute load average before the run, others' work included
     * @param loadAverageAfter the same after the run
     */
    public record Machine(String startedAt, int cores, String javaVersion, String relayJvmOptions, String store,
                          String protocol, String mockJvmOptions, double relayIdleCpuMsPerSecond,
                          double loadAverageBefore, double loadAverageAfter) {
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** Issue #9's targets, each checked against what this run measured (those it measured). */
    public List<TargetCheck> targets() {
        var checks = new ArrayList<TargetCheck>();
        for (ThroughputScenario.Row row : throughput) {
            if (row.clients() == 16 || row.clients() == 256) {
                checks.add(new TargetCheck("throughput relay/direct >= 0.4 at " + row.clients() + " clients",
                        String.format("%.2f", row.ratio()), row.ratio() >= 0.4));
            }
            if (row.clients() == 1) {
                checks.add(new TargetCheck("sequential added latency p50 < 0.3 ms",
                        String.format("%.3f ms", row.added().p50Ms()), row.added().p50Ms() < 0.3));
            }
        }
        fixedRate.ifPresent(row -> checks.add(new TargetCheck(
                "added p99 < 5 ms, non-streaming, " + row.connections() + " concurrent clients at "
                        + row.requestsPerSecond() + " req/s",
                String.format("%.3f ms (p99 direct %.3f, relay %.3f)", row.added().p99Ms(),
                        row.direct().latency().p99Ms(), row.relay().latency().p99Ms()),
                row.added().p99Ms() < 5)));
        for (OpenStreamsScenario.Row row : openStreams) {
            if (row.requested() < 10_000 || row.relayHolding().isEmpty() || row.relayIdle().isEmpty()) {
                continue;
            }
            long heap = row.relayHolding().get().heapUsedBytes();
            double projected = row.relayIdle().get().heapUsedBytes() + row.heapBytesPerStream() * row.requested();
            String measured = String.format("%.0f MiB live heap holding %d streams", heap / 1024.0 / 1024,
                    row.relayStarted())
                    + (row.held() < row.requested() ? String.format(" (%.0f MiB projected for %d)",
                    projected / 1024 / 1024, row.requested()) : "");
            checks.add(new TargetCheck("10,000 open streams in < 1 GiB of heap", measured,
                    projected < GIB && row.relayFailed() == 0));
        }
        slowReader.ifPresent(row -> checks.add(new TargetCheck(
                "a stalled reader costs the relay a bounded buffer (< 1 MiB of heap each)",
                String.format("%.0f KiB heap, %.0f KiB more in flight than direct, per stalled stream",
                        row.relayHeapBytesPerStream() / 1024,
                        (row.relayBytesPerStream() - row.directBytesPerStream()) / 1024),
                row.relayHeapBytesPerStream() < 1024 * 1024)));
        return checks;
    }
}
