package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.LoadWindow;
import java.time.Duration;

/**
 * How long each round of a load warms up and is measured, how many rounds alternate between the direct path and
 * the relay, and the pause that lets the machine settle between rounds.
 */
public record Durations(Duration warmup, Duration measured, Duration settle, int rounds) {

    public Durations {
        if (rounds < 1) {
            throw new IllegalArgumentException("at least one round");
        }
    }

    LoadWindow window() {
        return LoadWindow.startingNow(warmup, measured);
    }

    void pause() throws InterruptedException {
        Thread.sleep(settle.toMillis());
    }
}
