package dev.llmrelay.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.core.Relay;
import dev.llmrelay.host.config.RelayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real relay host on a free loopback port over an embedded store in a temporary data dir, with a small
 * admin client. {@link #restart()} stops it and starts a new host on the same data dir.
 */
final class RelayHarness implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final Path dataDir;
    private final UnaryOperator<RelayConfig> configure;
    private final Clock clock;
    private final UnaryOperator<Relay.Builder> engine;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private RelayServer server;

    private RelayHarness(Path dataDir, UnaryOperator<RelayConfig> configure, Clock clock,
                         UnaryOperator<Relay.Builder> engine) {
        this.dataDir = dataDir;
        this.configure = configure;
        this.clock = clock;
        this.engine = engine;
    }

    static RelayHarness start(Path dataDir) {
        return start(dataDir, UnaryOperator.identity());
    }

    /** Starts a host whose configuration {@code configure} adjusts (a smaller body limit, say). */
    static RelayHarness start(Path dataDir, UnaryOperator<RelayConfig> configure) {
        return start(dataDir, configure, Clock.systemUTC());
    }

    /** Starts a host that tells time by {@code clock}, so a test can move time instead of waiting. */
    static RelayHarness start(Path dataDir, UnaryOperator<RelayConfig> configure, Clock clock) {
        return start(dataDir, configure, clock, UnaryOperator.identity());
    }

    /** Starts a host whose engine {@code engine} adjusts (shorter upstream timeouts, say). */
    static RelayHarness startWithEngine(Path dataDir, UnaryOperator<Relay.Builder> engine) {
        return start(dataDir, UnaryOperator.identity(), Clock.systemUTC(), engine);
    }

    private static RelayHarness start(Path dataDir, UnaryOperator<RelayConfig> configure, Clock clock,
                                      UnaryOperator<Relay.Builder> engine) {
        var harness = new RelayHarness(dataDir, configure, clock, engine);
        harness.server = harness.newServer();
        return harness;
    }

    private RelayServer newServer() {
        try {
            RelayConfig config = configure.apply(RelayConfig.forDataDir(dataDir).withAdminToken(ADMIN_TOKEN));
            return Main.start(config, clock, Main.prices(Map.of()), engine);
        } catch (Exception e) {
            throw new IllegalStateException("the relay did not start", e);
        }
    }

    void restart() {
        server.close();
        server = newServer();
    }

    /** The relay's base URI, such as {@code http://127.0.0.1:41234}. */
    URI uri() {
        return server.uri();
    }

    int port() {
        return server.port();
    }

    /** Creates an account (an admin POST) and answers its id. */
    String createAccount(String body) {
        return adminCall("POST", "/admin/v1/accounts", body, 201).get("id").asText();
    }

    /** Creates a claude api-key account on {@code baseUrl} and answers its id. */
    String createClaudeAccount(String name, String apiKey, String baseUrl) {
        return createAccount("""
                {"name": "%s", "platform": "claude", "kind": "api-key", "apiKey": "%s", "baseUrl": "%s"}
                """.formatted(name, apiKey, baseUrl));
    }

    /** Creates a key and answers the create answer (with the plaintext {@code key}). */
    JsonNode createKey(String body) {
        return adminCall("POST", "/admin/v1/keys", body, 201);
    }

    /** Issues a key without restrictions and answers its plaintext. */
    String issueKey(String name) {
        return createKey("{\"name\": \"" + name + "\"}").get("key").asText();
    }

    JsonNode adminCall(String method, String path, String body, int expectedStatus) {
        HttpResponse<String> response = send(method, path, body, ADMIN_TOKEN);
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a request with {@code Authorization: Bearer token} (none when token is null) and these header names
     * and values.
     */
    HttpResponse<String> send(String method, String path, String body, String token, String... headers) {
        var builder = HttpRequest.newBuilder(uri().resolve(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The relay's metrics now ({@code GET /metrics} with the admin token). */
    Scrape metrics() {
        HttpResponse<String> response = send("GET", "/metrics", null, ADMIN_TOKEN);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + response.statusCode() + ": " + response.body());
        }
        return new Scrape(response.body());
    }

    JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // closing the client first ends its idle keep-alive connections, which the server would wait a second for
        http.close();
        server.close();
    }
}
