package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.HeldStreams;
import dev.llmrelay.bench.load.LatencySummary;
import dev.llmrelay.bench.load.Target;
import dev.llmrelay.bench.mock.AnswerScript;
import dev.llmrelay.bench.process.ProcessProbe;
import dev.llmrelay.bench.process.ProcessSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Many slow streams (one event a second) held open at once, direct and through the relay: what each costs the
 * relay in heap, RSS and threads, and how late its events arrive while all are open.
 */
public final class OpenStreamsScenario {
    private static final AnswerScript SLOW_STREAM = new AnswerScript(3600, 1000, 64);
    /** Descriptors the relay keeps for itself (jars, log, listening socket, epoll) with room to spare. */
    private static final int RESERVED_DESCRIPTORS = 300;

    /**
     * One count's figures.
     *
     * @param requested streams asked for
     * @param held streams actually held: fewer when a descriptor limit would not allow them (see {@code note})
     * @param relayIdle the relay before the streams, after a full collection
     * @param relayHolding the relay holding them, after a full collection
     */
    public record Row(int requested, int held, long relayStarted, long relayFailed, double relayOpenSeconds,
                      LatencySummary directTransit, LatencySummary relayTransit, Optional<ProcessSample> relayIdle,
                      Optional<ProcessSample> relayHolding, double heapBytesPerStream, double rssBytesPerStream,
                      double threadsPerStream, String note) {
    }

    private OpenStreamsScenario() {
    }

    /**
     * @param histograms where the relay's heap histogram while holding each count is written, when present
     */
    public static List<Row> run(BenchSetup setup, List<Integer> counts, Duration hold, Durations durations,
                                Optional<Path> histograms) throws InterruptedException, IOException {
        var rows = new ArrayList<Row>();
        for (int requested : counts) {
            int held = requested;
            String note = "";
            int fit = capacity(setup.relayProbe());
            if (fit < requested) {
                held = fit;
                note = "descriptor limit: " + requested + " streams need " + (2 * requested)
                        + " sockets in the relay, over its open-file limit; held " + fit;
            }
            LatencySummary direct = holdAndTime(setup.direct(), setup, held, hold, Optional.empty()).transit();
            durations.pause();
            Optional<ProcessSample> idle = setup.relayProbe().map(probe -> probe.sample(true));
            Holding relay = holdAndTime(setup.relay(), setup, held, hold, setup.relayProbe());
            if (histograms.isPresent() && relay.histogram().isPresent()) {
                Files.writeString(histograms.get().resolve("relay-heap-histogram-" + held + "-streams.txt"),
                        relay.histogram().get());
            }
            durations.pause();
            double heapPerStream = -1;
            double rssPerStream = -1;
            double threadsPerStream = -1;
            if (idle.isPresent() && relay.sample().isPresent() && relay.started() > 0) {
                ProcessSample before = idle.get();
                ProcessSample during = relay.sample().get();
                heapPerStream = (double) (during.heapUsedBytes() - before.heapUsedBytes()) / relay.started();
                rssPerStream = (double) (during.rssBytes() - before.rssBytes()) / relay.started();
                threadsPerStream = (double) (during.threads() - before.threads()) / relay.started();
            }
            rows.add(new Row(requested, held, relay.started(), relay.failed(), relay.openSeconds(), direct,
                    relay.transit(), idle, relay.sample(), heapPerStream, rssPerStream, threadsPerStream, note));
        }
        return rows;
    }

    private record Holding(long started, long failed, double openSeconds, LatencySummary transit,
                           Optional<ProcessSample> sample, Optional<String> histogram) {
    }

    private static Holding holdAndTime(Target target, BenchSetup setup, int count, Duration hold,
                                       Optional<ProcessProbe> probe) throws InterruptedException {
        byte[] request = target.request(setup.protocol(), SLOW_STREAM, true);
        Duration openTimeout = Duration.ofSeconds(60 + count / 50);
        HeldStreams streams = HeldStreams.open(target, request, count, 128, openTimeout);
        Optional<ProcessSample> sample;
        Optional<String> histogram;
        try {
            streams.measureFor(hold);
            sample = probe.map(p -> p.sample(true));
            histogram = probe.map(p -> p.jcmd("GC.class_histogram").lines().limit(45)
                    .collect(Collectors.joining("\n", "", "\n")));
        } finally {
            streams.close();
        }
        return new Holding(streams.started(), streams.failed(), streams.openSeconds(), streams.transit(), sample,
                histogram);
    }

    /** How many streams the relay's descriptors allow: two sockets each, client and upstream. */
    private static int capacity(Optional<ProcessProbe> relay) {
        if (relay.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        long limit = relay.get().openFileLimit();
        if (limit <= 0) {
            return Integer.MAX_VALUE;
        }
        int open = relay.get().sample(false).openFiles();
        return (int) Math.max(0, (limit - open - RESERVED_DESCRIPTORS) / 2);
    }
}
