package dev.llmrelay.bench.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.bench.load.Target;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The relay as its own process ({@code java -jar relay.jar}), so that its CPU time, RSS, heap and threads are
 * its own: started on a fresh data directory with a generated admin token, given one Anthropic and one OpenAI
 * account pointing at the mock, and one relay key without limits. Closing it sends SIGTERM.
 */
public final class RelayProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("relay ready on http://([^:/ ]+):(\\d+)");

    private final Process process;
    private final Target target;
    private final Path log;
    private final RelaySettings settings;

    private RelayProcess(Process process, Target target, Path log, RelaySettings settings) {
        this.process = process;
        this.target = target;
        this.log = log;
        this.settings = settings;
    }

    /** Starts the relay in {@code workDir} (its data and log go there) in front of the mock on {@code mockPort}. */
    public static RelayProcess start(RelaySettings settings, Path workDir, int mockPort) throws IOException,
            InterruptedException {
        Path dataDir = workDir.resolve("relay-data");
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        Path log = workDir.resolve("relay.log");
        var random = new SecureRandom();
        byte[] tokenBytes = new byte[24];
        random.nextBytes(tokenBytes);
        String adminToken = HexFormat.of().formatHex(tokenBytes);
        byte[] encryptionKey = new byte[32];
        random.nextBytes(encryptionKey);

        List<String> command = new ArrayList<>();
        command.add(settings.java().toString());
        command.addAll(settings.jvmOptions());
        settings.flightRecording().ifPresent(file -> command.add(
                "-XX:StartFlightRecording=name=bench,settings=profile"));
        command.add("-jar");
        command.add(settings.jar().toAbsolutePath().toString());
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        var environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("RELAY_"));
        environment.put("RELAY_PORT", "0");
        environment.put("RELAY_BIND", "127.0.0.1");
        environment.put("RELAY_DATA_DIR", dataDir.toAbsolutePath().toString());
        environment.put("RELAY_ADMIN_TOKEN", adminToken);
        environment.put("RELAY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(encryptionKey));
        environment.put("RELAY_SHUTDOWN_GRACE_SECONDS", "5");
        settings.redisUrl().ifPresent(url -> environment.put("RELAY_REDIS_URL", url));
        Process process = builder.start();
        try {
            Matcher ready = awaitReady(process, log);
            String host = ready.group(1);
            int port = Integer.parseInt(ready.group(2));
            String key = provision(URI.create("http://" + host + ":" + port), adminToken, mockPort);
            return new RelayProcess(process, Target.relay(host, port, key), log, settings);
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public Target target() {
        return target;
    }

    public ProcessProbe probe() {
        return new ProcessProbe(process.pid());
    }

    public Path log() {
        return log;
    }

    /**
     * Stops the relay as an operator would (SIGTERM) and waits for it to exit; a flight recording is dumped
     * first, since the relay's shutdown hook ends the JVM before JFR's own would run.
     */
    @Override
    public void close() {
        settings.flightRecording().ifPresent(file -> probe().jcmd("JFR.dump", "name=bench",
                "filename=" + file.toAbsolutePath()));
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Matcher awaitReady(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher ready = READY.matcher(Files.readString(log));
                if (ready.find()) {
                    return ready;
                }
            }
            if (!process.isAlive()) {
                throw new IOException("the relay exited (" + process.exitValue() + ") before it was ready; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IOException("the relay was not ready within 60 s; see " + log);
    }

    /** Creates the accounts and the key through the admin API; answers the relay key. */
    private static String provision(URI relay, String adminToken, int mockPort) throws IOException,
            InterruptedException {
        var json = new ObjectMapper();
        try (var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            String mock = "http://127.0.0.1:" + mockPort;
            admin(http, relay, adminToken, "/admin/v1/accounts", "{\"name\":\"mock-anthropic\",\"platform\":\"claude\","
                    + "\"kind\":\"api-key\",\"apiKey\":\"sk-bench\",\"baseUrl\":\"" + mock + "\"}");
            admin(http, relay, adminToken, "/admin/v1/accounts", "{\"name\":\"mock-openai\",\"platform\":\"openai\","
                    + "\"kind\":\"api-key\",\"apiKey\":\"sk-bench\",\"baseUrl\":\"" + mock + "/v1\"}");
            JsonNode key = json.readTree(admin(http, relay, adminToken, "/admin/v1/keys", "{\"name\":\"bench\"}"));
            return key.path("key").asText();
        }
    }

    private static String admin(HttpClient http, URI relay, String adminToken, String path, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(relay.resolve(path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IOException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
