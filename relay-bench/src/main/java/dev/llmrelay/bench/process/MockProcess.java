package dev.llmrelay.bench.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The mock upstream in a JVM of its own ({@code BenchMain mock}), so that the relay's upstream sockets do not
 * count against the load generator's descriptors, and each side's CPU shows apart.
 */
public final class MockProcess implements AutoCloseable {
    private static final String READY = "mock ready on port ";

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private MockProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the mock with this JVM's class path and {@code jvmOptions}; answers once it listens. */
    public static MockProcess start(Path java, List<String> jvmOptions, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.llmrelay.bench.BenchMain");
        command.add("mock");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(READY)) {
                return new MockProcess(process, Integer.parseInt(line.substring(READY.length()).strip()));
            }
        }
        process.destroyForcibly();
        throw new IOException("the mock upstream exited before it was ready; see " + log);
    }

    /** The line {@code BenchMain mock} prints once it listens. */
    public static String readyLine(int port) {
        return READY + port;
    }

    public int port() {
        return port;
    }

    public ProcessProbe probe() {
        return new ProcessProbe(process.pid());
    }

    /** Stream bytes the mock has handed to its connections so far. */
    public long streamBytesWritten() throws IOException, InterruptedException {
        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/_bench/stats")).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(stats.body()).path("streamBytesWritten").asLong();
    }

    @Override
    public void close() {
        http.close();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
