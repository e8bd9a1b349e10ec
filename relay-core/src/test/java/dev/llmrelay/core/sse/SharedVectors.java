package dev.llmrelay.core.sse;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared protocol test vectors, which live beside the repository and are never copied into it:
 * {@code RELAY_VECTORS_DIR} (system property or environment), else the first {@code shared/vectors} found
 * walking up from the working directory. Missing vectors skip the tests, or fail them when {@code CI=true}.
 */
public final class SharedVectors {

    private static final String SETTING = "RELAY_VECTORS_DIR";

    private SharedVectors() {
    }

    /** The vectors directory, or the test is skipped (failed on CI) when there is none. */
    public static Path require() {
        Optional<Path> dir = locate();
        if (dir.isPresent()) {
            return dir.get();
        }
        String message = "protocol vectors not found: set " + SETTING + " or put shared/vectors beside the repository";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** Every {@code .json} file of the vectors' {@code kind} folder ({@code sse}, {@code usage}), sorted. */
    public static List<Path> files(String kind) {
        Path folder = require().resolve(kind);
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> json = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
            if (json.isEmpty()) {
                fail("no vectors in " + folder);
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> locate() {
        String configured = Optional.ofNullable(System.getProperty(SETTING)).orElse(System.getenv(SETTING));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured).toAbsolutePath();
            if (!Files.isDirectory(dir)) {
                fail(SETTING + " is not a directory: " + dir);
            }
            return Optional.of(dir);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("vectors");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
