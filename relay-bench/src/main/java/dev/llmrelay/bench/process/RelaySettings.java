package dev.llmrelay.bench.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the benchmark starts the relay process.
 *
 * @param java the {@code java} launcher
 * @param jar {@code relay.jar}
 * @param jvmOptions given to the relay's JVM before {@code -jar} (the heap limit among them)
 * @param redisUrl passed as {@code RELAY_REDIS_URL} when present; the embedded store otherwise
 * @param flightRecording where the relay's JVM writes a JFR recording of the run, when present
 */
public record RelaySettings(Path java, Path jar, List<String> jvmOptions, Optional<String> redisUrl,
                            Optional<Path> flightRecording) {

    public RelaySettings {
        Objects.requireNonNull(java, "java");
        Objects.requireNonNull(jar, "jar");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(flightRecording, "flightRecording");
    }

    /** {@code embedded} or {@code redis}, as the report names the store. */
    public String storeName() {
        return redisUrl.isPresent() ? "redis" : "embedded";
    }
}
