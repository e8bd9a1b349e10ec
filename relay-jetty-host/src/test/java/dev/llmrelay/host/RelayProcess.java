package dev.llmrelay.host;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay as its own operating-system process ({@code java dev.llmrelay.host.Main}, configured by environment as
 * an operator would), on a free port, for faults only a real process has: a SIGTERM, a SIGKILL.
 */
final class RelayProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("relay ready on (http://\\S+)");

    private final Process process;
    private final Path output;
    private final URI uri;

    private RelayProcess(Process process, Path output, URI uri) {
        this.process = process;
        this.output = output;
        this.uri = uri;
    }

    /** Starts a relay on {@code dataDir} with the admin token {@link RelayHarness#ADMIN_TOKEN} and waits until it serves. */
    static RelayProcess start(Path dataDir, Map<String, String> environment) {
        try {
            Path output = Files.createTempFile("relay-process", ".log");
            var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    Main.class.getName());
            builder.environment().keySet().removeIf(name -> name.startsWith("RELAY_"));
            builder.environment().putAll(Map.of("RELAY_PORT", "0", "RELAY_DATA_DIR", dataDir.toString(),
                    "RELAY_ADMIN_TOKEN", RelayHarness.ADMIN_TOKEN));
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                    new File("/dev/null")));
            Process process = builder.start();
            URI uri = Poll.until(Duration.ofSeconds(30), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the relay exited " + process.exitValue() + ": " + read(output));
                }
                Matcher ready = READY.matcher(read(output));
                return ready.find() ? URI.create(ready.group(1)) : null;
            });
            return new RelayProcess(process, output, uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return uri;
    }

    int port() {
        return uri.getPort();
    }

    /** An admin API call with the admin token; {@code body} may be null. */
    HttpResponse<String> admin(String method, String path, String body) {
        var request = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + RelayHarness.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try (var http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the process has printed so far, standard output and error together. */
    String output() {
        return read(output);
    }

    /** A stop as systemd or {@code docker stop} sends it. */
    void sigterm() {
        process.destroy();
    }

    /** A crash: the process ends at once, wherever it was. */
    void sigkill() {
        process.destroyForcibly();
    }

    /** Waits for the process to end and answers its exit status. */
    int exitStatus(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the relay did not exit within " + timeout + ": " + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
