package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-only figures the admin views carry for the console: an account's requests in flight
 * ({@code inFlight}) and where a key stands against its limits ({@code standing}).
 */
class AdminLiveFiguresTest {
    /** AnthropicUpstream.MESSAGE on claude-sonnet-4-5: 12 × $3 + 100 × $3.75 + 40 × $0.30 + 7 × $15 per million. */
    private static final double MESSAGE_COST = 0.000528;
    private static final long MESSAGE_TOKENS = 12 + 100 + 40 + 7;

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private volatile Function<RecordedRequest, MockResponse> answer = request -> AnthropicUpstream.message();
    private RelayHarness relay;
    private RelayClient client;
    private String accountId;

    @BeforeEach
    void start() throws Exception {
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.apply(request);
            }
        });
        upstream.start();
        relay = RelayHarness.start(dataDir);
        accountId = relay.createClaudeAccount("team-1", "sk-ant-upstream", upstream.url("/").toString());
        client = new RelayClient(relay.uri());
    }

    @AfterEach
    void stop() {
        client.close();
        relay.close();
        upstream.close();
    }

    @Test
    void anAccountAndItsKeyShowTheStreamInFlightUntilItEnds() throws Exception {
        JsonNode created = relay.createKey("{\"name\": \"alice\", \"limits\": {\"maxConcurrency\": 2}}");
        String key = created.get("key").asText();
        String keyId = created.get("id").asText();
        assertThat(account().get("inFlight").asInt()).isZero();
        assertThat(created.get("standing").get("inFlight").asInt()).isZero();

        var release = new CountDownLatch(1);
        answer = request -> AnthropicUpstream.streamHeldBackAfterFirstEvent(release);
        HttpRequest stream = client.request("/claude/v1/messages")
                .header("x-api-key", key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", true)))
                .build();
        HttpResponse<InputStream> response = client.http().send(stream, HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("event: message_start");

            assertThat(account().get("inFlight").asInt()).isEqualTo(1);
            assertThat(relay.adminCall("GET", "/admin/v1/accounts", null, 200).get("items").get(0).get("inFlight").asInt())
                    .isEqualTo(1);
            assertThat(keyView(keyId).get("standing").get("inFlight").asInt()).isEqualTo(1);

            release.countDown();
            while (reader.readLine() != null) {
                // read the rest of the stream
            }
        }

        Poll.until(Duration.ofSeconds(10), () -> account().get("inFlight").asInt() == 0 ? true : null);
        Poll.until(Duration.ofSeconds(10), () -> keyView(keyId).get("standing").get("inFlight").asInt() == 0 ? true : null);
    }

    @Test
    void aKeysStandingCountsItsWindowAndSpend() {
        JsonNode created = relay.createKey("""
                {"name": "bob", "limits": {"windowSeconds": 60, "requestsPerWindow": 10, "costPerDayUsd": 5.0}}""");
        String keyId = created.get("id").asText();
        assertThat(created.get("standing").get("requestsInWindow").asLong()).isZero();

        assertThat(client.claude(created.get("key").asText(), "claude-sonnet-4-5").statusCode()).isEqualTo(200);

        JsonNode standing = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode now = keyView(keyId).get("standing");
            return now.get("costTotalUsd").asDouble() > 0 ? now : null;
        });
        assertThat(standing.get("requestsInWindow").asLong()).isEqualTo(1);
        assertThat(standing.get("tokensInWindow").asLong()).isEqualTo(MESSAGE_TOKENS);
        assertThat(standing.get("costTodayUsd").asDouble()).isEqualTo(MESSAGE_COST);
        assertThat(standing.get("costWeekUsd").asDouble()).isEqualTo(MESSAGE_COST);
        assertThat(standing.get("costTotalUsd").asDouble()).isEqualTo(MESSAGE_COST);
        assertThat(standing.get("inFlight").asInt()).isZero();
        assertThat(relay.adminCall("GET", "/admin/v1/keys", null, 200).get("items").get(0).get("standing"))
                .isEqualTo(standing);
    }

    @Test
    void theFiguresAreReadOnly() {
        String keyId = relay.createKey("{\"name\": \"carol\"}").get("id").asText();

        assertThat(relay.send("PATCH", "/admin/v1/accounts/" + accountId, "{\"inFlight\": 3}", RelayHarness.ADMIN_TOKEN)
                .body()).contains("unknown field 'inFlight'");
        assertThat(relay.send("PATCH", "/admin/v1/keys/" + keyId, "{\"standing\": {}}", RelayHarness.ADMIN_TOKEN)
                .body()).contains("unknown field 'standing'");
    }

    private JsonNode account() {
        return relay.adminCall("GET", "/admin/v1/accounts/" + accountId, null, 200);
    }

    private JsonNode keyView(String keyId) {
        return relay.adminCall("GET", "/admin/v1/keys/" + keyId, null, 200);
    }
}
