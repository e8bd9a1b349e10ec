package dev.llmrelay.bench.report;

import dev.llmrelay.bench.load.LatencySummary;
import dev.llmrelay.bench.scenario.OpenStreamsScenario;
import dev.llmrelay.bench.scenario.ThroughputScenario;
import java.util.Locale;

/** The run as plain-text tables, the way docs/performance.md shows them. */
public final class ReportTable {
    private ReportTable() {
    }

    public static String render(BenchReport report) {
        var out = new StringBuilder();
        BenchReport.Machine machine = report.machine();
        line(out, "relay-bench %s: %d cores, Java %s, relay JVM [%s], store %s, protocol %s", machine.startedAt(),
                machine.cores(), machine.javaVersion(), machine.relayJvmOptions(), machine.store(), machine.protocol());
        line(out, "relay idle CPU after warm-up: %.1f ms/s; machine load average %.2f before, %.2f after",
                machine.relayIdleCpuMsPerSecond(), machine.loadAverageBefore(), machine.loadAverageAfter());
        if (!report.throughput().isEmpty()) {
            line(out, "");
            line(out, "Non-streaming throughput (closed loop; latency in ms)");
            line(out, "%8s | %10s %10s %6s | %8s %8s %8s | %8s %8s %8s | %9s | %6s",
                    "clients", "direct/s", "relay/s", "ratio", "dir p50", "dir p99", "dir p999",
                    "add p50", "add p99", "add p999", "cpu ms/1k", "errors");
            for (ThroughputScenario.Row row : report.throughput()) {
                line(out, "%8d | %10.0f %10.0f %6.2f | %8.3f %8.3f %8.3f | %8.3f %8.3f %8.3f | %9.1f | %6d",
                        row.clients(), row.direct().requestsPerSecond(), row.relay().requestsPerSecond(), row.ratio(),
                        row.direct().latency().p50Ms(), row.direct().latency().p99Ms(),
                        row.direct().latency().p999Ms(), row.added().p50Ms(), row.added().p99Ms(),
                        row.added().p999Ms(), row.relayCpuMsPer1000(), row.direct().errors() + row.relay().errors());
            }
        }
        report.fixedRate().ifPresent(row -> {
            line(out, "");
            line(out, "Fixed rate: %d req/s over %d connections, timed from the intended send (ms)",
                    row.requestsPerSecond(), row.connections());
            header(out);
            latency(out, "direct", row.direct().latency());
            latency(out, "relay", row.relay().latency());
            latency(out, "added", row.added());
            line(out, "achieved: direct %.0f/s, relay %.0f/s; errors %d", row.direct().requestsPerSecond(),
                    row.relay().requestsPerSecond(), row.direct().errors() + row.relay().errors());
        });
        report.streams().ifPresent(row -> {
            line(out, "");
            line(out, "Streams: %d clients, %d text events of %d bytes, %d ms apart (ms)", row.clients(),
                    row.script().events(), row.script().textBytes(), row.script().paceMillis());
            header(out);
            latency(out, "first event, direct", row.direct().firstEvent());
            latency(out, "first event, relay", row.relay().firstEvent());
            latency(out, "first event, added", row.addedFirstEvent());
            latency(out, "per event, direct", row.direct().transit());
            latency(out, "per event, relay", row.relay().transit());
            latency(out, "per event, added", row.addedTransit());
            latency(out, "gap at client, relay", row.relay().gap());
            line(out, "streams: direct %d, relay %d; errors %d", row.direct().streams(), row.relay().streams(),
                    row.direct().errors() + row.relay().errors());
        });
        if (!report.openStreams().isEmpty()) {
            line(out, "");
            line(out, "Slow streams held open (one event a second); relay figures after a full GC");
            line(out, "%9s %7s %7s | %8s %12s %10s %8s | %10s %10s %8s | %9s %9s",
                    "requested", "held", "failed", "open s", "heap MiB", "RSS MiB", "threads",
                    "heap/strm", "RSS/strm", "thr/strm", "p99 dir", "p99 relay");
            for (OpenStreamsScenario.Row row : report.openStreams()) {
                double heap = row.relayHolding().map(s -> s.heapUsedBytes() / 1048576.0).orElse(-1.0);
                double rss = row.relayHolding().map(s -> s.rssBytes() / 1048576.0).orElse(-1.0);
                int threads = row.relayHolding().map(s -> s.threads()).orElse(-1);
                line(out, "%9d %7d %7d | %8.1f %12.1f %10.1f %8d | %8.1fKB %8.1fKB %8.4f | %9.2f %9.2f",
                        row.requested(), row.relayStarted(), row.relayFailed(), row.relayOpenSeconds(), heap, rss,
                        threads, row.heapBytesPerStream() / 1024, row.rssBytesPerStream() / 1024,
                        row.threadsPerStream(), row.directTransit().p99Ms(), row.relayTransit().p99Ms());
                if (!row.note().isEmpty()) {
                    line(out, "  note: %s", row.note());
                }
            }
        }
        report.slowReader().ifPresent(row -> {
            line(out, "");
            line(out, "Stalled readers: %d clients stop reading a flood stream for %.0f s", row.clients(),
                    row.stallSeconds());
            line(out, "bytes in flight per stream: direct %.0f KiB, relay %.0f KiB; relay heap per stream %.1f KiB",
                    row.directBytesPerStream() / 1024, row.relayBytesPerStream() / 1024,
                    row.relayHeapBytesPerStream() / 1024);
        });
        line(out, "");
        line(out, "Targets");
        for (TargetCheck check : report.targets()) {
            line(out, "  [%s] %s: %s", check.met() ? "met   " : "MISSED", check.target(), check.measured());
        }
        return out.toString();
    }

    private static void header(StringBuilder out) {
        line(out, "%-22s %8s %8s %8s %8s %8s", "", "count", "p50", "p99", "p99.9", "max");
    }

    private static void latency(StringBuilder out, String name, LatencySummary summary) {
        line(out, "%-22s %8d %8.3f %8.3f %8.3f %8.3f", name, summary.count(), summary.p50Ms(), summary.p99Ms(),
                summary.p999Ms(), summary.maxMs());
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
