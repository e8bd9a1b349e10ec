package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.BenchProtocol;
import dev.llmrelay.bench.load.Target;
import dev.llmrelay.bench.process.ProcessProbe;
import java.util.Objects;
import java.util.Optional;

/**
 * What every scenario runs against: the mock directly, the relay in front of it, a probe of the relay's
 * process when it runs as one, and the mock's count of stream bytes written.
 */
public record BenchSetup(Target direct, Target relay, Optional<ProcessProbe> relayProbe,
                         StreamBytesCounter mockStreamBytes, BenchProtocol protocol) {

    /** The mock's running total of stream bytes handed to its connections. */
    @FunctionalInterface
    public interface StreamBytesCounter {
        long streamBytesWritten() throws Exception;
    }

    public BenchSetup {
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(relayProbe, "relayProbe");
        Objects.requireNonNull(mockStreamBytes, "mockStreamBytes");
        Objects.requireNonNull(protocol, "protocol");
    }
}
