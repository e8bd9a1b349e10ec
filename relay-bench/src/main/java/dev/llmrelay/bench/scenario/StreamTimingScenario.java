package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.LatencySummary;
import dev.llmrelay.bench.load.StreamLoad;
import dev.llmrelay.bench.load.StreamResult;
import dev.llmrelay.bench.mock.AnswerScript;

/**
 * Paced streams, direct and through the relay: the time the relay adds before the first event, and to each
 * event's trip from the mock to the client.
 */
public final class StreamTimingScenario {

    /** The run's figures; the added ones are relay minus direct, percentile by percentile. */
    public record Row(int clients, AnswerScript script, StreamResult direct, StreamResult relay,
                      LatencySummary addedFirstEvent, LatencySummary addedTransit) {
    }

    private StreamTimingScenario() {
    }

    public static Row run(BenchSetup setup, int clients, AnswerScript script, Durations durations)
            throws InterruptedException {
        StreamResult direct = StreamLoad.run(setup.direct(), setup.direct().request(setup.protocol(), script, true),
                clients, durations.window());
        durations.pause();
        StreamResult relay = StreamLoad.run(setup.relay(), setup.relay().request(setup.protocol(), script, true),
                clients, durations.window());
        durations.pause();
        return new Row(clients, script, direct, relay, relay.firstEvent().minus(direct.firstEvent()),
                relay.transit().minus(direct.transit()));
    }
}
