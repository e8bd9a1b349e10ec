package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.FixedRateLoad;
import dev.llmrelay.bench.load.LatencySummary;
import dev.llmrelay.bench.load.LoadResult;
import dev.llmrelay.bench.mock.AnswerScript;

/**
 * Non-streaming requests at a fixed rate over many connections, direct and through the relay, each timed from
 * its intended send time: the latency the relay adds when it is not saturated.
 */
public final class FixedRateScenario {

    /** The run's figures; {@code added} is relay minus direct, percentile by percentile. */
    public record Row(int requestsPerSecond, int connections, LoadResult direct, LoadResult relay,
                      LatencySummary added) {
    }

    private FixedRateScenario() {
    }

    public static Row run(BenchSetup setup, int requestsPerSecond, int connections, AnswerScript script,
                          Durations durations) throws InterruptedException {
        LoadResult direct = FixedRateLoad.run(setup.direct(), setup.direct().request(setup.protocol(), script, false),
                requestsPerSecond, connections, durations.window());
        durations.pause();
        LoadResult relay = FixedRateLoad.run(setup.relay(), setup.relay().request(setup.protocol(), script, false),
                requestsPerSecond, connections, durations.window());
        durations.pause();
        return new Row(requestsPerSecond, connections, direct, relay, relay.latency().minus(direct.latency()));
    }
}
