package dev.llmrelay.bench;

import dev.llmrelay.bench.load.BenchProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark's command line: which scenarios, at what sizes, for how long, against which relay and store.
 * {@code --quick} (the default) keeps a run to a few minutes; {@code --full} is the run docs/performance.md
 * reports.
 */
public record BenchOptions(
        Set<String> scenarios,
        Path relayJar,
        Path java,
        String relayHeap,
        List<String> relayJvmOptions,
        Optional<String> redisUrl,
        Optional<Path> relayFlightRecording,
        BenchProtocol protocol,
        List<Integer> clientCounts,
        int rate,
        int rateConnections,
        int streamClients,
        int streamEvents,
        int streamPaceMillis,
        int textBytes,
        List<Integer> openStreams,
        Duration hold,
        int slowReaders,
        Duration stall,
        Duration warmup,
        Duration measured,
        Duration settle,
        int rounds,
        Duration relayWarmup,
        Path out) {

    public static final Set<String> ALL_SCENARIOS = Set.of("throughput", "latency", "streams", "open-streams",
            "slow-reader");

    public static final String USAGE = """
            usage: java -jar relay-bench/target/relay-bench.jar [--quick | --full] [options]
              --scenarios LIST        throughput,latency,streams,open-streams,slow-reader (default: all)
              --relay-jar PATH        default relay-jetty-host/target/relay.jar
              --relay-heap SIZE       the relay's -Xmx (default 1g)
              --relay-jvm-option OPT  another option for the relay's JVM (repeatable)
              --store embedded|redis  default embedded; redis passes --redis-url on as RELAY_REDIS_URL
              --redis-url URL         default redis://127.0.0.1:6379/0
              --relay-jfr FILE        record the relay with JFR (settings=profile) into FILE
              --protocol NAME         anthropic (default) or openai
              --clients LIST          closed-loop client counts (default 1,16,256)
              --rate N                fixed-rate requests per second (default 1000)
              --rate-connections N    connections of the fixed-rate run (default 256)
              --stream-clients N      concurrent paced streams (default 64)
              --stream-events N       text events per paced stream (default 20)
              --stream-pace-ms N      pause between them (default 20)
              --text-bytes N          text per event or whole answer (default 200)
              --open-streams LIST     slow streams held at once (quick: 1000; full: 1000,10000)
              --hold DURATION         how long they are held and timed (quick 5s, full 15s)
              --slow-readers N        clients that stop reading a flood stream (default 50)
              --stall DURATION        how long they stall (default 5s)
              --warmup, --measure, --settle DURATION   per round (quick 2s/5s/1s, full 3s/5s/1s)
              --rounds N              rounds per load, alternating direct and relay (quick 1, full 3)
              --relay-warmup DURATION  load through the relay before anything is measured, so its JIT has
                                      compiled the hot path (quick 10s, full 30s)
              --out DIR               where the JSON, logs and recordings go (default bench-results)
            other commands: mock [--port N] (the mock upstream alone); jfr-summary FILE [--top N]
            """;

    /** Parses the run's arguments (everything after an optional leading {@code run}). */
    public static BenchOptions parse(String[] args) {
        boolean full = Arrays.asList(args).contains("--full");
        Set<String> scenarios = ALL_SCENARIOS;
        Path relayJar = Path.of("relay-jetty-host/target/relay.jar");
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        String relayHeap = "1g";
        List<String> relayJvmOptions = new ArrayList<>();
        String store = "embedded";
        String redisUrl = "redis://127.0.0.1:6379/0";
        Optional<Path> jfr = Optional.empty();
        BenchProtocol protocol = BenchProtocol.ANTHROPIC;
        List<Integer> clients = List.of(1, 16, 256);
        int rate = 1000;
        int rateConnections = 256;
        int streamClients = 64;
        int streamEvents = 20;
        int streamPace = 20;
        int textBytes = 200;
        List<Integer> openStreams = full ? List.of(1000, 10_000) : List.of(1000);
        Duration hold = full ? Duration.ofSeconds(15) : Duration.ofSeconds(5);
        int slowReaders = 50;
        Duration stall = Duration.ofSeconds(5);
        Duration warmup = full ? Duration.ofSeconds(3) : Duration.ofSeconds(2);
        Duration measured = Duration.ofSeconds(5);
        Duration settle = Duration.ofSeconds(1);
        int rounds = full ? 3 : 1;
        Duration relayWarmup = full ? Duration.ofSeconds(30) : Duration.ofSeconds(10);
        Path out = Path.of("bench-results");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "run", "--quick", "--full" -> { }
                case "--scenarios" -> {
                    scenarios = Set.of(value(args, ++i, arg).split(","));
                    for (String name : scenarios) {
                        if (!ALL_SCENARIOS.contains(name)) {
                            throw new IllegalArgumentException("unknown scenario '" + name + "'");
                        }
                    }
                }
                case "--relay-jar" -> relayJar = Path.of(value(args, ++i, arg));
                case "--java" -> java = Path.of(value(args, ++i, arg));
                case "--relay-heap" -> relayHeap = value(args, ++i, arg);
                case "--relay-jvm-option" -> relayJvmOptions.add(value(args, ++i, arg));
                case "--store" -> store = value(args, ++i, arg);
                case "--redis-url" -> redisUrl = value(args, ++i, arg);
                case "--relay-jfr" -> jfr = Optional.of(Path.of(value(args, ++i, arg)));
                case "--protocol" -> protocol = BenchProtocol.named(value(args, ++i, arg));
                case "--clients" -> clients = integers(value(args, ++i, arg));
                case "--rate" -> rate = Integer.parseInt(value(args, ++i, arg));
                case "--rate-connections" -> rateConnections = Integer.parseInt(value(args, ++i, arg));
                case "--stream-clients" -> streamClients = Integer.parseInt(value(args, ++i, arg));
                case "--stream-events" -> streamEvents = Integer.parseInt(value(args, ++i, arg));
                case "--stream-pace-ms" -> streamPace = Integer.parseInt(value(args, ++i, arg));
                case "--text-bytes" -> textBytes = Integer.parseInt(value(args, ++i, arg));
                case "--open-streams" -> openStreams = integers(value(args, ++i, arg));
                case "--hold" -> hold = duration(value(args, ++i, arg));
                case "--slow-readers" -> slowReaders = Integer.parseInt(value(args, ++i, arg));
                case "--stall" -> stall = duration(value(args, ++i, arg));
                case "--warmup" -> warmup = duration(value(args, ++i, arg));
                case "--measure" -> measured = duration(value(args, ++i, arg));
                case "--settle" -> settle = duration(value(args, ++i, arg));
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, arg));
                case "--relay-warmup" -> relayWarmup = duration(value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        Optional<String> redis = switch (store) {
            case "embedded" -> Optional.empty();
            case "redis" -> Optional.of(redisUrl);
            default -> throw new IllegalArgumentException("--store is embedded or redis, was '" + store + "'");
        };
        return new BenchOptions(scenarios, relayJar, java, relayHeap, relayJvmOptions, redis, jfr, protocol, clients,
                rate, rateConnections, streamClients, streamEvents, streamPace, textBytes, openStreams, hold,
                slowReaders, stall, warmup, measured, settle, rounds, relayWarmup, out);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static List<Integer> integers(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(text));
    }
}
