package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /key/v1/usage}: a key's own usage, limits and what remains, exactly as the contract shapes it. */
class KeyUsageEndpointTest {
    private static final String ALL_LIMITS = """
            {"windowSeconds": 60, "requestsPerWindow": 100, "tokensPerWindow": 200000,
             "costPerDayUsd": 5.0, "costPerWeekUsd": 20.0, "costTotalUsd": 100.0, "maxConcurrency": 2}""";
    /** AnthropicUpstream.MESSAGE on claude-sonnet-4-5: 12 × $3 + 100 × $3.75 + 40 × $0.30 + 7 × $15 per million. */
    private static final double MESSAGE_COST = 0.000528;
    private static final long MESSAGE_TOKENS = 12 + 100 + 40 + 7;

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T14:00:00Z")); // a Wednesday
    private RelayHarness relay;
    private RelayClient client;

    @BeforeEach
    void start() throws Exception {
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return AnthropicUpstream.message();
            }
        });
        upstream.start();
        relay = RelayHarness.start(dataDir, UnaryOperator.identity(), clock);
        relay.createClaudeAccount("team-1", "sk-ant-upstream", upstream.url("/").toString());
        client = new RelayClient(relay.uri());
    }

    @AfterEach
    void stop() {
        client.close();
        relay.close();
        upstream.close();
    }

    private JsonNode createKey(String limits) {
        return relay.createKey("{\"name\": \"alice\"" + (limits == null ? "" : ", \"limits\": " + limits) + "}");
    }

    private void message(String key) {
        assertThat(client.claude(key, "claude-sonnet-4-5").statusCode()).isEqualTo(200);
    }

    private JsonNode usage(String key) {
        HttpResponse<String> response = client.get("/key/v1/usage", "x-api-key", key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        return relay.parse(response.body());
    }

    /** The usage once {@code requests} requests are recorded in all (recording follows the answer). */
    private JsonNode usageAfter(String key, long requests) {
        return Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode body = usage(key);
            return body.get("usage").get("total").get("requests").asLong() == requests ? body : null;
        });
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void answersTheKeyItsUsageItsLimitsAndWhatRemainsInTheContractsShape() {
        JsonNode created = createKey(ALL_LIMITS);
        String key = created.get("key").asText();
        message(key);
        message(key);

        JsonNode body = usageAfter(key, 2);

        assertThat(fieldNames(body)).containsExactly("key", "usage", "limits", "remaining");
        assertThat(fieldNames(body.get("key"))).containsExactly("id", "name");
        assertThat(body.get("key").get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(body.get("key").get("name").asText()).isEqualTo("alice");
        assertThat(fieldNames(body.get("usage"))).containsExactly("today", "week", "total");
        for (String period : List.of("today", "week", "total")) {
            JsonNode totals = body.get("usage").get(period);
            assertThat(fieldNames(totals)).containsExactly("requests", "inputTokens", "outputTokens",
                    "cacheWriteTokens", "cacheReadTokens", "costUsd");
            assertThat(totals.get("requests").asLong()).isEqualTo(2);
            assertThat(totals.get("inputTokens").asLong()).isEqualTo(24);
            assertThat(totals.get("outputTokens").asLong()).isEqualTo(14);
            assertThat(totals.get("cacheWriteTokens").asLong()).isEqualTo(200);
            assertThat(totals.get("cacheReadTokens").asLong()).isEqualTo(80);
            assertThat(totals.get("costUsd").isNumber()).isTrue();
            assertThat(totals.get("costUsd").asDouble()).isEqualTo(2 * MESSAGE_COST);
        }
        assertThat(body.get("limits")).isEqualTo(relay.parse(ALL_LIMITS));
        assertThat(body.get("limits")).isEqualTo(created.get("limits")).as("as in the key's view");
        JsonNode remaining = body.get("remaining");
        assertThat(fieldNames(remaining)).containsExactly("requestsInWindow", "tokensInWindow", "costTodayUsd",
                "costWeekUsd", "costTotalUsd", "concurrency");
        assertThat(remaining.get("requestsInWindow").asLong()).isEqualTo(98);
        assertThat(remaining.get("tokensInWindow").asLong()).isEqualTo(200_000 - 2 * MESSAGE_TOKENS);
        assertThat(remaining.get("costTodayUsd").asDouble()).isEqualTo(4.998944);
        assertThat(remaining.get("costWeekUsd").asDouble()).isEqualTo(19.998944);
        assertThat(remaining.get("costTotalUsd").asDouble()).isEqualTo(99.998944);
        assertThat(remaining.get("concurrency").asInt()).isEqualTo(2);
    }

    @Test
    void aRemainingFigureIsAbsentWhereItsLimitIs() {
        String daily = createKey("{\"costPerDayUsd\": 1.5}").get("key").asText();
        String unlimited = createKey(null).get("key").asText();

        JsonNode dailyOnly = usage(daily);
        JsonNode none = usage(unlimited);

        assertThat(fieldNames(dailyOnly.get("limits"))).containsExactly("costPerDayUsd");
        assertThat(fieldNames(dailyOnly.get("remaining"))).containsExactly("costTodayUsd");
        assertThat(dailyOnly.get("remaining").get("costTodayUsd").asDouble()).isEqualTo(1.5);
        assertThat(none.get("limits").isEmpty()).isTrue();
        assertThat(none.get("remaining").isEmpty()).isTrue();
        assertThat(none.get("usage").get("total").get("requests").asLong()).isZero();
    }

    @Test
    void todayWeekAndTotalCountUtcDaysAndIsoWeeks() {
        String key = createKey(null).get("key").asText();
        clock.advance(Duration.ofDays(-3)); // Sunday 2026-11-22, last ISO week
        message(key);
        usageAfter(key, 1);
        clock.advance(Duration.ofDays(1)); // Monday 2026-11-23
        message(key);
        usageAfter(key, 2);
        clock.advance(Duration.ofDays(2)); // Wednesday 2026-11-25
        message(key);

        JsonNode usage = usageAfter(key, 3).get("usage");

        assertThat(usage.get("today").get("requests").asLong()).isEqualTo(1);
        assertThat(usage.get("week").get("requests").asLong()).isEqualTo(2);
        assertThat(usage.get("total").get("requests").asLong()).isEqualTo(3);
    }

    @Test
    void askingTakesNoRequestFromTheKeysLimits() {
        String key = createKey("{\"requestsPerWindow\": 1, \"maxConcurrency\": 1}").get("key").asText();
        for (int i = 0; i < 5; i++) {
            assertThat(usage(key).get("remaining").get("requestsInWindow").asLong()).isEqualTo(1);
        }

        message(key);

        assertThat(usageAfter(key, 1).get("remaining").get("requestsInWindow").asLong()).isZero();
    }

    @Test
    void theKeyIsTakenFromWhereverItsSdkSendsIt() {
        String key = createKey(null).get("key").asText();

        assertThat(client.get("/key/v1/usage", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        assertThat(client.get("/key/v1/usage", "x-goog-api-key", key).statusCode()).isEqualTo(200);
        assertThat(client.get("/key/v1/usage?key=" + key).statusCode()).isEqualTo(200);
    }

    @Test
    void noUnknownDisabledOrExpiredKeyLearnsAnything() {
        JsonNode created = createKey(null);
        String key = created.get("key").asText();
        String id = created.get("id").asText();

        HttpResponse<String> missing = client.get("/key/v1/usage");
        HttpResponse<String> unknown = client.get("/key/v1/usage", "x-api-key", "rk_not_issued_by_this_relay");
        relay.adminCall("PATCH", "/admin/v1/keys/" + id, "{\"enabled\": false}", 200);
        HttpResponse<String> disabled = client.get("/key/v1/usage", "x-api-key", key);
        relay.adminCall("PATCH", "/admin/v1/keys/" + id, "{\"enabled\": true, \"expiresAt\": \"2026-11-25T13:00:00Z\"}", 200);
        HttpResponse<String> expired = client.get("/key/v1/usage", "x-api-key", key);

        for (HttpResponse<String> response : List.of(missing, unknown, disabled, expired)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode error = relay.parse(response.body());
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("error").get("type").asText()).isEqualTo("authentication_error");
            assertThat(response.body()).doesNotContain("usage", "limits");
        }
        assertThat(relay.parse(unknown.body()).get("error").get("message").asText()).isEqualTo("invalid relay key");
        assertThat(relay.parse(disabled.body()).get("error").get("message").asText()).isEqualTo("relay key is disabled");
        assertThat(relay.parse(expired.body()).get("error").get("message").asText()).isEqualTo("relay key expired");
    }

    @Test
    void onlyGetIsAnswered() {
        String key = createKey(null).get("key").asText();

        HttpResponse<String> post = client.post("/key/v1/usage", "{}", "x-api-key", key);

        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(relay.parse(post.body()).get("error").get("message").asText()).contains("GET only");
    }
}
