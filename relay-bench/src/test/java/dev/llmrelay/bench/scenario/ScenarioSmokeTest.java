package dev.llmrelay.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.bench.load.BenchProtocol;
import dev.llmrelay.bench.load.Target;
import dev.llmrelay.bench.mock.AnswerScript;
import dev.llmrelay.bench.mock.MockUpstream;
import dev.llmrelay.bench.process.RelayProcess;
import dev.llmrelay.bench.process.RelaySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scenario at a tiny scale through the real relay process: proves the wiring (start, provisioning, both
 * targets, the relay's figures), not performance. Needs relay.jar, which the reactor builds before this module.
 */
class ScenarioSmokeTest {
    private static final Path RELAY_JAR = Path.of("../relay-jetty-host/target/relay.jar");

    @Test
    void throughputRunsDirectAndThroughTheRelayProcess(@TempDir Path workDir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(RELAY_JAR), "relay.jar is built by the reactor's package phase");
        var settings = new RelaySettings(Path.of(System.getProperty("java.home"), "bin", "java"), RELAY_JAR,
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), Optional.empty(), Optional.empty());
        try (MockUpstream mock = MockUpstream.start(0);
             RelayProcess relay = RelayProcess.start(settings, workDir, mock.port())) {
            var setup = new BenchSetup(Target.direct(mock.port()), relay.target(), Optional.of(relay.probe()),
                    mock::streamBytesWritten, BenchProtocol.ANTHROPIC);
            var durations = new Durations(Duration.ofMillis(200), Duration.ofMillis(700), Duration.ZERO, 1);

            List<ThroughputScenario.Row> rows = ThroughputScenario.run(setup, List.of(2), new AnswerScript(0, 0, 50),
                    durations);
            StreamTimingScenario.Row streams = StreamTimingScenario.run(setup, 2, new AnswerScript(3, 10, 50),
                    durations);

            ThroughputScenario.Row row = rows.get(0);
            assertThat(row.direct().requests()).isPositive();
            assertThat(row.relay().requests()).isPositive();
            assertThat(row.direct().errors() + row.relay().errors()).isZero();
            assertThat(row.relayCpuMsPer1000()).isPositive();
            assertThat(streams.relay().streams()).isPositive();
            assertThat(streams.relay().transit().count()).isEqualTo(streams.relay().streams() * 3);
            assertThat(streams.relay().errors()).isZero();
        }
    }
}
