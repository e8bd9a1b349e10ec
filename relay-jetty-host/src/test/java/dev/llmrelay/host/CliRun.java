package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run of a real CLI from npm, as a user runs it: in a work dir, stdin closed, stdout and stderr kept in a
 * file (so a chatty CLI never blocks on a full pipe), stopped after three minutes.
 */
record CliRun(String program, boolean finished, int exitCode, String output) {

    /**
     * Runs {@code command}; {@code environment} adjusts the inherited environment (HOME, base URLs, keys).
     * A missing program fails the check with {@code installHint}.
     */
    static CliRun run(Path workDir, String installHint, Consumer<Map<String, String>> environment, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("cli-run", ".log");
        try {
            var builder = new ProcessBuilder(List.of(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            environment.accept(builder.environment());
            Process process;
            try {
                process = builder.start();
            } catch (IOException notInstalled) {
                throw new AssertionError(command[0] + " is not installed: " + installHint, notInstalled);
            }
            boolean finished = process.waitFor(180, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return new CliRun(command[0], finished, finished ? process.exitValue() : -1,
                    Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Asserts the CLI finished with exit 0, showing what it printed and what the upstream saw if not. */
    CliRun assertSucceeded(String upstreamSaw) {
        assertThat(finished).as("%s finished; it printed:%n%s%nthe upstream saw:%n%s", program, output, upstreamSaw)
                .isTrue();
        assertThat(exitCode).as("%s's exit code; it printed:%n%s%nthe upstream saw:%n%s", program, output, upstreamSaw)
                .isZero();
        return this;
    }
}
