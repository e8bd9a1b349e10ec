package dev.llmrelay.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.llmrelay.bench.load.BenchConnection;
import dev.llmrelay.bench.load.ClosedLoopLoad;
import dev.llmrelay.bench.load.LoadTally;
import dev.llmrelay.bench.load.LoadWindow;
import dev.llmrelay.bench.load.StreamLoad;
import dev.llmrelay.bench.load.Target;
import dev.llmrelay.bench.mock.AnswerScript;
import dev.llmrelay.bench.mock.MockUpstream;
import dev.llmrelay.bench.process.MockProcess;
import dev.llmrelay.bench.process.RelayProcess;
import dev.llmrelay.bench.process.RelaySettings;
import dev.llmrelay.bench.profile.JfrSummary;
import dev.llmrelay.bench.report.BenchReport;
import dev.llmrelay.bench.report.ReportTable;
import dev.llmrelay.bench.scenario.BenchSetup;
import dev.llmrelay.bench.scenario.Durations;
import dev.llmrelay.bench.scenario.FixedRateScenario;
import dev.llmrelay.bench.scenario.OpenStreamsScenario;
import dev.llmrelay.bench.scenario.SlowReaderScenario;
import dev.llmrelay.bench.scenario.StreamTimingScenario;
import dev.llmrelay.bench.scenario.ThroughputScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark's entry point: starts the mock upstream and the relay as processes of their own, runs the
 * scenarios direct and through the relay, prints the tables and writes the JSON. Also serves the mock alone
 * ({@code mock}) and summarises a JFR recording ({@code jfr-summary}).
 */
public final class BenchMain {
    private static final List<String> MOCK_JVM_OPTIONS = List.of("-Xmx1g");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("mock")) {
            int port = args.length > 2 && args[1].equals("--port") ? Integer.parseInt(args[2]) : 0;
            MockUpstream mock = MockUpstream.start(port);
            System.out.println(MockProcess.readyLine(mock.port()));
            System.out.flush();
            Thread.currentThread().join();
            return;
        }
        if (args.length > 0 && args[0].equals("jfr-summary")) {
            int top = args.length > 3 && args[2].equals("--top") ? Integer.parseInt(args[3]) : 25;
            System.out.print(JfrSummary.summarise(Path.of(args[1]), top));
            return;
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("relay-bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        run(options);
        System.exit(0);
    }

    private static void run(BenchOptions options) throws Exception {
        if (!Files.isRegularFile(options.relayJar())) {
            throw new IOException(options.relayJar() + " is missing: build it with ./mvnw -q -DskipTests package");
        }
        Files.createDirectories(options.out());
        List<String> relayJvm = new ArrayList<>();
        relayJvm.add("-Xmx" + options.relayHeap());
        relayJvm.addAll(options.relayJvmOptions());
        var settings = new RelaySettings(options.java(), options.relayJar(), relayJvm, options.redisUrl(),
                options.relayFlightRecording());
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        double loadBefore = loadAverage();
        progress("starting the mock upstream and the relay (%s store, relay JVM %s)", settings.storeName(), relayJvm);
        try (MockProcess mock = MockProcess.start(options.java(), MOCK_JVM_OPTIONS, options.out().resolve("mock.log"));
             RelayProcess relay = RelayProcess.start(settings, options.out(), mock.port())) {
            var setup = new BenchSetup(Target.direct(mock.port()), relay.target(), Optional.of(relay.probe()),
                    mock::streamBytesWritten, options.protocol());
            checkBothAnswer(setup, relay);
            var durations = new Durations(options.warmup(), options.measured(), options.settle(), options.rounds());
            var script = new AnswerScript(options.streamEvents(), options.streamPaceMillis(), options.textBytes());
            var wholeAnswer = new AnswerScript(0, 0, options.textBytes());
            progress("warming the relay up for %s", options.relayWarmup());
            warmUp(setup, wholeAnswer, script, options.relayWarmup());
            double idleCpu = idleCpuMillisPerSecond(relay);

            List<ThroughputScenario.Row> throughput = List.of();
            Optional<FixedRateScenario.Row> fixedRate = Optional.empty();
            Optional<StreamTimingScenario.Row> streams = Optional.empty();
            Optional<SlowReaderScenario.Row> slowReader = Optional.empty();
            List<OpenStreamsScenario.Row> openStreams = List.of();
            if (options.scenarios().contains("throughput")) {
                progress("throughput at %s clients", options.clientCounts());
                throughput = ThroughputScenario.run(setup, options.clientCounts(), wholeAnswer, durations);
            }
            if (options.scenarios().contains("latency")) {
                progress("fixed rate: %d req/s over %d connections", options.rate(), options.rateConnections());
                fixedRate = Optional.of(FixedRateScenario.run(setup, options.rate(), options.rateConnections(),
                        wholeAnswer, durations));
            }
            if (options.scenarios().contains("streams")) {
                progress("paced streams: %d clients", options.streamClients());
                streams = Optional.of(StreamTimingScenario.run(setup, options.streamClients(), script, durations));
            }
            if (options.scenarios().contains("slow-reader")) {
                progress("stalled readers: %d", options.slowReaders());
                slowReader = Optional.of(SlowReaderScenario.run(setup, options.slowReaders(), options.stall(),
                        durations));
            }
            if (options.scenarios().contains("open-streams")) {
                progress("slow streams held open: %s", options.openStreams());
                openStreams = OpenStreamsScenario.run(setup, options.openStreams(), options.hold(), durations,
                        Optional.of(options.out()));
            }
            var machine = new BenchReport.Machine(startedAt, Runtime.getRuntime().availableProcessors(),
                    Runtime.version().toString(), String.join(" ", relayJvm), settings.storeName(),
                    options.protocol().name().toLowerCase(Locale.ROOT), String.join(" ", MOCK_JVM_OPTIONS),
                    idleCpu, loadBefore, loadAverage());
            var report = new BenchReport(machine, throughput, fixedRate, streams, openStreams, slowReader);
            System.out.println();
            System.out.print(ReportTable.render(report));
            Path json = write(report, options.out());
            progress("wrote %s; relay log in %s", json, relay.log());
        }
    }

    /**
     * Whole answers and streams through the relay, unmeasured, so the JIT has compiled what the scenarios run
     * (the mock is warmed by the scenarios' own direct runs, which come first).
     */
    private static void warmUp(BenchSetup setup, AnswerScript wholeAnswer, AnswerScript stream, Duration time) {
        Duration half = time.dividedBy(2);
        ClosedLoopLoad.run(setup.relay(), setup.relay().request(setup.protocol(), wholeAnswer, false), 16,
                LoadWindow.startingNow(Duration.ZERO, half), new LoadTally());
        StreamLoad.run(setup.relay(), setup.relay().request(setup.protocol(), stream, true), 16,
                LoadWindow.startingNow(Duration.ZERO, half), new StreamLoad.Tally());
    }

    /** The relay's CPU use while no request runs (its timers and the store's writer), in ms per second. */
    private static double idleCpuMillisPerSecond(RelayProcess relay) throws InterruptedException {
        Thread.sleep(1000);
        long before = relay.probe().cpuNanos();
        Thread.sleep(3000);
        return (relay.probe().cpuNanos() - before) / 1e6 / 3;
    }

    /** One request each way before any load, so a broken set-up fails in a second with its reason. */
    private static void checkBothAnswer(BenchSetup setup, RelayProcess relay) throws IOException {
        for (Target target : List.of(setup.direct(), setup.relay())) {
            try (var connection = BenchConnection.open(target, 8192)) {
                int status = connection.exchange(target.request(setup.protocol(), AnswerScript.DEFAULT, false), null)
                        .status();
                if (status != 200) {
                    throw new IOException(target.name() + " answered " + status + " to a plain request; see "
                            + relay.log());
                }
            }
        }
    }

    private static Path write(BenchReport report, Path out) throws IOException {
        var json = new ObjectMapper().registerModule(new Jdk8Module()).enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode tree = json.valueToTree(report);
        tree.set("targets", json.valueToTree(report.targets()));
        Path file = out.resolve("bench-" + report.machine().startedAt().replace(':', '-') + ".json");
        json.writeValue(file.toFile(), tree);
        Files.copy(file, out.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** The machine's 1-minute load average: how busy others kept the cores during the run. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println("relay-bench: " + String.format(format, args));
    }
}
