package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.ClosedLoopLoad;
import dev.llmrelay.bench.load.LatencySummary;
import dev.llmrelay.bench.load.LoadResult;
import dev.llmrelay.bench.load.LoadWindow;
import dev.llmrelay.bench.mock.AnswerScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Non-streaming throughput at each client count, direct and through the relay: the relay/direct ratio, the
 * latency the relay adds, and the relay's CPU time per 1,000 requests.
 */
public final class ThroughputScenario {

    /**
     * One client count's figures.
     *
     * @param ratio relay throughput over direct throughput
     * @param added relay latency percentiles minus direct ones
     * @param relayCpuMsPer1000 the relay process's CPU milliseconds per 1,000 requests; -1 when not measured
     */
    public record Row(int clients, LoadResult direct, LoadResult relay, double ratio, LatencySummary added,
                      double relayCpuMsPer1000) {
    }

    private ThroughputScenario() {
    }

    public static List<Row> run(BenchSetup setup, List<Integer> clientCounts, AnswerScript script, Durations durations)
            throws InterruptedException {
        byte[] directRequest = setup.direct().request(setup.protocol(), script, false);
        byte[] relayRequest = setup.relay().request(setup.protocol(), script, false);
        var rows = new ArrayList<Row>();
        for (int clients : clientCounts) {
            LoadResult direct = ClosedLoopLoad.run(setup.direct(), directRequest, clients, durations.window());
            durations.pause();
            LoadWindow window = durations.window();
            Optional<CpuWindow> cpu = CpuWindow.watch(setup.relayProbe(), window);
            LoadResult relay = ClosedLoopLoad.run(setup.relay(), relayRequest, clients, window);
            double cpuMsPer1000 = cpu.isPresent() && relay.requests() > 0
                    ? cpu.get().cpuNanos() / 1e6 / relay.requests() * 1000 : -1;
            durations.pause();
            rows.add(new Row(clients, direct, relay, relay.requestsPerSecond() / direct.requestsPerSecond(),
                    relay.latency().minus(direct.latency()), cpuMsPer1000));
        }
        return rows;
    }
}
