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
        byte[] directRequest = setup.direct().request(setup.protocol(), script, true);
        byte[] relayRequest = setup.relay().request(setup.protocol(), script, true);
        var directTally = new StreamLoad.Tally();
        var relayTally = new StreamLoad.Tally();
        for (int round = 0; round < durations.rounds(); round++) {
            StreamLoad.run(setup.direct(), directRequest, clients, durations.window(), directTally);
            durations.pause();
            StreamLoad.run(setup.relay(), relayRequest, clients, durations.window(), relayTally);
            durations.pause();
        }
        StreamResult direct = directTally.result(setup.direct().name(), clients);
        StreamResult relay = relayTally.result(setup.relay().name(), clients);
        return new Row(clients, script, direct, relay, relay.firstEvent().minus(direct.firstEvent()),
                relay.transit().minus(direct.transit()));
    }
}
