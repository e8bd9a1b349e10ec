package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client sees when upstream accounts fail, before and after the answer started, and when it leaves. */
class UpstreamFailureTest {
    private static final String REQUEST = """
            {"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": %s,
             "messages": [{"role": "user", "content": "hi"}]}""";

    @TempDir
    Path dataDir;

    private final MockWebServer first = new MockWebServer();
    private final MockWebServer second = new MockWebServer();
    private final HttpClient http = HttpClient.newHttpClient();
    private RelayHarness relay;
    private String firstAccount;
    private String secondAccount;
    private String key;

    @BeforeEach
    void start() throws IOException {
        first.start();
        second.start();
        relay = RelayHarness.start(dataDir);
        firstAccount = relay.createAccount("""
                {"name": "first", "platform": "claude", "kind": "api-key", "apiKey": "sk-first",
                 "baseUrl": "%s", "priority": 10}""".formatted(first.url("/")));
        secondAccount = relay.createAccount("""
                {"name": "second", "platform": "claude", "kind": "api-key", "apiKey": "sk-second",
                 "baseUrl": "%s", "priority": 20}""".formatted(second.url("/")));
        key = relay.issueKey("alice");
    }

    @AfterEach
    void stop() {
        relay.close();
        first.close();
        second.close();
    }

    private HttpResponse<String> post(boolean stream) throws Exception {
        return http.send(request(stream), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(boolean stream) {
        return HttpRequest.newBuilder(relay.uri().resolve("/claude/v1/messages"))
                .header("x-api-key", key)
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST.formatted(stream)))
                .build();
    }

    private JsonNode account(String id) {
        return relay.adminCall("GET", "/admin/v1/accounts/" + id, null, 200);
    }

    @Test
    void overloadedAccountIsMarkedAndTheNextAccountServesTheSameRequest() throws Exception {
        first.enqueue(AnthropicUpstream.error(529, "overloaded_error", "Overloaded"));
        second.enqueue(AnthropicUpstream.message());

        HttpResponse<String> response = post(false);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Hello from upstream!");
        assertThat(second.takeRequest().getHeaders().get("x-api-key")).isEqualTo("sk-second");
        JsonNode status = account(firstAccount).get("status");
        assertThat(status.get("state").asText()).isEqualTo("overloaded");
        assertThat(status.get("reason").asText()).contains("529").contains("overloaded_error");
        assertThat(Instant.parse(status.get("until").asText())).isAfter(Instant.now());
    }

    @Test
    void rateLimitedAccountIsParkedUntilItsRetryAfter() throws Exception {
        first.enqueue(new MockResponse.Builder(AnthropicUpstream.error(429, "rate_limit_error", "slow down"))
                .setHeader("retry-after", "120").build());
        second.enqueue(AnthropicUpstream.stream());

        HttpResponse<String> response = post(true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("event: message_stop");
        JsonNode status = account(firstAccount).get("status");
        assertThat(status.get("state").asText()).isEqualTo("rate-limited");
        assertThat(Instant.parse(status.get("until").asText()))
                .isBetween(Instant.now().plusSeconds(100), Instant.now().plusSeconds(121));
        second.enqueue(AnthropicUpstream.message());
        assertThat(post(false).statusCode()).as("the parked account is skipped").isEqualTo(200);
        assertThat(first.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anErrorEventBeforeAnyContentCountsAsAFailureBeforeTheFirstByte() throws Exception {
        first.enqueue(new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream")
                .body("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
                .build());
        second.enqueue(AnthropicUpstream.stream());

        HttpResponse<String> response = post(true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("overloaded_error").contains("event: message_stop");
        assertThat(account(firstAccount).get("status").get("state").asText()).isEqualTo("overloaded");
    }

    @Test
    void whenEveryAccountFailsTheClientGetsOverloadedWithRetryAfter() throws Exception {
        first.enqueue(AnthropicUpstream.error(500, "api_error", "boom"));
        second.enqueue(AnthropicUpstream.error(503, "api_error", "down"));

        HttpResponse<String> response = post(true);

        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        JsonNode body = relay.parse(response.body());
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo("overloaded_error");
        assertThat(body.get("error").get("message").asText()).contains("503");
        assertThat(response.body()).doesNotContain("sk-first").doesNotContain("sk-second").doesNotContain(key);
    }

    @Test
    void whenEveryAccountIsRateLimitedRetryAfterSaysWhenTheFirstFrees() throws Exception {
        first.enqueue(new MockResponse.Builder(AnthropicUpstream.error(429, "rate_limit_error", "slow down"))
                .setHeader("retry-after", "120").build());
        second.enqueue(new MockResponse.Builder(AnthropicUpstream.error(429, "rate_limit_error", "slow down"))
                .setHeader("retry-after", "40").build());

        HttpResponse<String> first429 = post(false);
        HttpResponse<String> whileParked = post(false);

        assertThat(first429.statusCode()).isEqualTo(529);
        assertThat(Long.parseLong(first429.headers().firstValue("retry-after").orElseThrow())).isBetween(39L, 40L);
        assertThat(whileParked.statusCode()).isEqualTo(529);
        assertThat(Long.parseLong(whileParked.headers().firstValue("retry-after").orElseThrow())).isBetween(38L, 40L);
        assertThat(relay.parse(whileParked.body()).get("error").get("message").asText()).contains("rate-limited");
    }

    @Test
    void anUpstreamRejectingTheRequestItselfIsPassedThroughWithoutFailover() throws Exception {
        first.enqueue(AnthropicUpstream.error(400, "invalid_request_error", "max_tokens: too large"));

        HttpResponse<String> response = post(false);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("max_tokens: too large");
        assertThat(second.getRequestCount()).isZero();
        assertThat(account(firstAccount).get("status").get("state").asText()).isEqualTo("active");
    }

    @Test
    void anUpstreamRevokingTheCredentialMarksTheAccountUnauthorized() throws Exception {
        first.enqueue(AnthropicUpstream.error(401, "authentication_error", "invalid x-api-key"));
        second.enqueue(AnthropicUpstream.message());

        assertThat(post(false).statusCode()).isEqualTo(200);

        JsonNode status = account(firstAccount).get("status");
        assertThat(status.get("state").asText()).isEqualTo("unauthorized");
        assertThat(status.get("reason").asText()).contains("401");
        assertThat(status.has("until")).isFalse();
    }

    @Test
    void anUpstreamThatBreaksMidStreamGivesTheClientAnErrorEventAndTheUsageSoFarIsRecorded() throws Exception {
        first.enqueue(new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream")
                .body(AnthropicUpstream.FIRST_EVENTS + AnthropicUpstream.REST_EVENTS)
                .onResponseBody(new SocketEffect.CloseSocket())
                .build());

        HttpResponse<String> response = post(true);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = eventNames(response.body());
        assertThat(events.getFirst()).isEqualTo("message_start");
        assertThat(events.getLast()).isEqualTo("error");
        assertThat(events).doesNotContain("message_stop");
        assertThat(response.body()).contains("api_error");
        assertThat(second.getRequestCount()).as("no failover once the answer started").isZero();
        JsonNode row = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode rows = relay.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
            return rows.isEmpty() ? null : rows.get(0);
        });
        assertThat(row.get("inputTokens").asLong()).isEqualTo(25);
        assertThat(row.get("cacheReadTokens").asLong()).isEqualTo(300);
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheUpstreamCall() throws Exception {
        var upstreamSawTheCancel = new CountDownLatch(1);
        first.enqueue(new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream")
                .body(endlessStream(upstreamSawTheCancel))
                .build());

        HttpResponse<InputStream> response = http.send(request(true), HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("event: message_start");
        }

        assertThat(upstreamSawTheCancel.await(15, TimeUnit.SECONDS))
                .as("the relay stopped reading and closed the upstream connection").isTrue();
        JsonNode row = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode rows = relay.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
            return rows.isEmpty() ? null : rows.get(0);
        });
        assertThat(row.get("inputTokens").asLong()).isEqualTo(25);
        assertThat(row.get("requests").asLong()).isEqualTo(1);
    }

    /** A stream that sends a delta every 10 ms for up to 20 s, and opens the latch when its writes start failing. */
    private static MockResponseBody endlessStream(CountDownLatch failedToWrite) {
        return new MockResponseBody() {
            @Override
            public long getContentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try {
                    sink.writeUtf8(AnthropicUpstream.FIRST_EVENTS);
                    sink.writeUtf8("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
                    sink.flush();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < deadline) {
                        sink.writeUtf8("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + "x".repeat(512) + "\"}}\n\n");
                        sink.flush();
                        Thread.sleep(10);
                    }
                } catch (IOException e) {
                    failedToWrite.countDown();
                    throw e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static List<String> eventNames(String body) {
        var names = new ArrayList<String>();
        for (String line : body.split("\n")) {
            if (line.startsWith("event: ")) {
                names.add(line.substring(7));
            }
        }
        return names;
    }
}
