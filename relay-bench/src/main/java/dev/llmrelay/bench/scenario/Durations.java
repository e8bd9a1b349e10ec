package dev.llmrelay.bench.scenario;

import dev.llmrelay.bench.load.LoadWindow;
import java.time.Duration;

/** How long each load warms up and is measured, and the pause that lets the machine settle between runs. */
public record Durations(Duration warmup, Duration measured, Duration settle) {

    LoadWindow window() {
        return LoadWindow.startingNow(warmup, measured);
    }

    void pause() throws InterruptedException {
        Thread.sleep(settle.toMillis());
    }
}
