package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.ClosedLoopLoad;
import dev.llmrelay.bench.load.LatencySummary;
import dev.llmrelay.bench.load.LoadResult;
import dev.llmrelay.bench.load.LoadTally;
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
            var direct = new LoadTally();
            var relay = new LoadTally();
            long relayCpuNanos = 0;
            for (int round = 0; round < durations.rounds(); round++) {
                ClosedLoopLoad.run(setup.direct(), directRequest, clients, durations.window(), direct);
                durations.pause();
                LoadWindow window = durations.window();
                Optional<CpuWindow> cpu = CpuWindow.watch(setup.relayProbe(), window);
                ClosedLoopLoad.run(setup.relay(), relayRequest, clients, window, relay);
                relayCpuNanos += cpu.isPresent() ? cpu.get().cpuNanos() : 0;
                durations.pause();
            }
            LoadResult directResult = direct.result(setup.direct().name(), clients);
            LoadResult relayResult = relay.result(setup.relay().name(), clients);
            double cpuMsPer1000 = setup.relayProbe().isPresent() && relayResult.requests() > 0
                    ? relayCpuNanos / 1e6 / relayResult.requests() * 1000 : -1;
            rows.add(new Row(clients, directResult, relayResult,
                    relayResult.requestsPerSecond() / directResult.requestsPerSecond(),
                    relayResult.latency().minus(directResult.latency()), cpuMsPer1000));
        }
        return rows;
    }
}
