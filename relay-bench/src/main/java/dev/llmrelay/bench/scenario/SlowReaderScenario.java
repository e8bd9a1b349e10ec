package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.BenchConnection;
import dev.llmrelay.bench.load.Target;
import dev.llmrelay.bench.mock.AnswerScript;
import dev.llmrelay.bench.process.ProcessSample;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Clients that ask for a large, fast stream and then stop reading: how many bytes pile up between the mock and
 * such a client (in both hops' socket buffers and in the relay), and how much of that is the relay's heap.
 * Direct, only the sockets between mock and client hold bytes; the difference is what the relay adds.
 */
public final class SlowReaderScenario {
    /** Far more than any buffer: about 100 MB per stream if nobody pushed back. */
    private static final AnswerScript FLOOD = new AnswerScript(100_000, 0, 1024);

    /**
     * The run's figures.
     *
     * @param directBytesPerStream bytes written by the mock but not read by the stalled client, direct
     * @param relayBytesPerStream the same through the relay
     * @param relayHeapBytesPerStream the relay's live heap while the clients stall, minus before, per client
     */
    public record Row(int clients, double stallSeconds, double directBytesPerStream, double relayBytesPerStream,
                      double relayHeapBytesPerStream) {
    }

    private SlowReaderScenario() {
    }

    public static Row run(BenchSetup setup, int clients, Duration stall, Durations durations) throws Exception {
        double direct = stalled(setup, setup.direct(), clients, stall, false).bytesPerStream();
        durations.pause();
        Optional<ProcessSample> idle = setup.relayProbe().map(probe -> probe.sample(true));
        Stalled relay = stalled(setup, setup.relay(), clients, stall, true);
        durations.pause();
        double heapPerStream = idle.isPresent() && relay.sample().isPresent()
                ? (double) (relay.sample().get().heapUsedBytes() - idle.get().heapUsedBytes()) / clients : -1;
        return new Row(clients, stall.toMillis() / 1000.0, direct, relay.bytesPerStream(), heapPerStream);
    }

    private record Stalled(double bytesPerStream, Optional<ProcessSample> sample) {
    }

    private static Stalled stalled(BenchSetup setup, Target target, int clients, Duration stall, boolean sampleRelay)
            throws Exception {
        byte[] request = target.request(setup.protocol(), FLOOD, true);
        long writtenBefore = setup.mockStreamBytes().streamBytesWritten();
        var connections = new ArrayList<BenchConnection>();
        try {
            for (int i = 0; i < clients; i++) {
                var connection = BenchConnection.open(target, 2048);
                connections.add(connection);
                connection.send(request);
            }
            for (BenchConnection connection : connections) {
                if (connection.readStatus() != 200) {
                    throw new IOException("a flood stream was refused");
                }
            }
            Thread.sleep(stall.toMillis());
            long written = setup.mockStreamBytes().streamBytesWritten() - writtenBefore;
            long read = connections.stream().mapToLong(BenchConnection::bytesRead).sum();
            Optional<ProcessSample> sample = sampleRelay ? setup.relayProbe().map(p -> p.sample(true)) : Optional.empty();
            return new Stalled((double) (written - read) / clients, sample);
        } finally {
            connections.forEach(BenchConnection::close);
        }
    }
}
