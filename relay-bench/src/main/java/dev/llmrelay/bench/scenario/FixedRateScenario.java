package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.FixedRateLoad;
import dev.llmrelay.bench.load.LatencySummary;
import dev.llmrelay.bench.load.LoadResult;
import dev.llmrelay.bench.load.LoadTally;
import dev.llmrelay.bench.mock.AnswerScript;
import java.util.List;

/**
 * Non-streaming requests at a fixed rate over many connections, direct and through the relay in turn on one
 * schedule (so that outside disturbances fall on both alike), each timed from its intended send time: the
 * latency the relay adds when it is not saturated.
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
        byte[] directRequest = setup.direct().request(setup.protocol(), script, false);
        byte[] relayRequest = setup.relay().request(setup.protocol(), script, false);
        var direct = new LoadTally();
        var relay = new LoadTally();
        var lanes = List.of(new FixedRateLoad.Lane(setup.direct(), directRequest, direct),
                new FixedRateLoad.Lane(setup.relay(), relayRequest, relay));
        for (int round = 0; round < durations.rounds(); round++) {
            FixedRateLoad.run(lanes, requestsPerSecond, connections, durations.window());
            durations.pause();
        }
        LoadResult directResult = direct.result(setup.direct().name(), connections);
        LoadResult relayResult = relay.result(setup.relay().name(), connections);
        return new Row(requestsPerSecond, connections, directResult, relayResult,
                relayResult.latency().minus(directResult.latency()));
    }
}
