package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop as an operator's supervisor sends it (SIGTERM), to a real relay process: new connections are refused,
 * running streams finish within {@code RELAY_SHUTDOWN_GRACE_SECONDS}, their usage is on disk, and the process
 * exits 0.
 */
class GracefulStopTest {
    private final ObjectMapper json = new ObjectMapper();
    private final MockWebServer upstream = new MockWebServer();
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<RelayProcess> processes = new ArrayList<>();

    @TempDir
    Path dataDir;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        processes.forEach(RelayProcess::close);
        http.close();
        upstream.close();
    }

    private RelayProcess start(String graceSeconds) {
        RelayProcess relay = RelayProcess.start(dataDir, Map.of("RELAY_SHUTDOWN_GRACE_SECONDS", graceSeconds));
        processes.add(relay);
        return relay;
    }

    /** Creates an account on the upstream and a key, answers the key. */
    private String setUp(RelayProcess relay) throws IOException {
        assertThat(relay.admin("POST", "/admin/v1/accounts", """
                {"name": "team-1", "platform": "claude", "kind": "api-key", "apiKey": "sk-upstream",
                 "baseUrl": "%s"}""".formatted(upstream.url("/"))).statusCode()).isEqualTo(201);
        HttpResponse<String> key = relay.admin("POST", "/admin/v1/keys", "{\"name\": \"alice\"}");
        return json.readTree(key.body()).get("key").asText();
    }

    /** Starts a stream whose upstream holds back all but its first event until {@link #release}. */
    private BufferedReader openHeldStream(RelayProcess relay, String key) throws Exception {
        upstream.enqueue(AnthropicUpstream.streamHeldBackAfterFirstEvent(release));
        var request = HttpRequest.newBuilder(relay.uri().resolve("/claude/v1/messages"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", true)))
                .build();
        var reader = new BufferedReader(new InputStreamReader(
                http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo("event: message_start");
        return reader;
    }

    @Test
    void aSigtermLetsARunningStreamFinishRecordsItsUsageAndExitsZero() throws Exception {
        RelayProcess relay = start("20");
        String key = setUp(relay);
        BufferedReader stream = openHeldStream(relay, key);

        relay.sigterm();

        Poll.until(Duration.ofSeconds(10), () -> relay.output().contains("stopping: no new requests") ? true : null);
        Poll.until(Duration.ofSeconds(10), () -> refusesConnections(relay.port()) ? true : null);
        assertThat(relay.isAlive()).as("the running stream holds the stop open").isTrue();
        release.countDown();
        String rest = readAll(stream);
        assertThat(rest).contains("event: message_stop");
        assertThat(relay.exitStatus(Duration.ofSeconds(30))).isZero();
        assertThat(relay.output()).contains("stopped");

        JsonNode usage = usageOnDisk();
        assertThat(usage.get("requests").asLong()).isEqualTo(1);
        assertThat(usage.get("inputTokens").asLong()).isEqualTo(25);
        assertThat(usage.get("outputTokens").asLong()).isEqualTo(15);
        assertThat(usage.get("cacheReadTokens").asLong()).isEqualTo(300);
    }

    @Test
    void aStreamStillRunningWhenTheGracePeriodEndsIsCutItsUsageSoFarRecordedAndTheRelayExitsZero() throws Exception {
        RelayProcess relay = start("2");
        String key = setUp(relay);
        BufferedReader stream = openHeldStream(relay, key);
        long stopAsked = System.nanoTime();

        relay.sigterm();

        assertThat(relay.exitStatus(Duration.ofSeconds(20))).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofSeconds(12));
        assertThat(readAll(stream)).doesNotContain("event: message_stop");
        JsonNode usage = usageOnDisk();
        assertThat(usage.get("requests").asLong()).isEqualTo(1);
        assertThat(usage.get("inputTokens").asLong()).isEqualTo(25);
    }

    /** The usage the stopped relay left in its data dir, as a relay started on it again reports it. */
    private JsonNode usageOnDisk() {
        try (RelayHarness again = RelayHarness.start(dataDir)) {
            JsonNode rows = again.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
            assertThat(rows).hasSize(1);
            return rows.get(0);
        }
    }

    private static boolean refusesConnections(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (IOException other) {
            return false;
        }
    }

    /** The rest of a stream until it ends (or is cut). */
    private static String readAll(BufferedReader stream) {
        var text = new StringBuilder();
        try {
            String line;
            while ((line = stream.readLine()) != null) {
                text.append(line).append('\n');
            }
        } catch (IOException cut) {
            // a stream cut at the end of the grace period
        }
        return text.toString();
    }
}
