package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key limit and restriction as a client sees it through real HTTP: exactly at its boundary, with 50
 * requests racing for the last slot, and concurrency slots coming back however a request ends. Time moves by
 * an injected clock.
 */
class KeyLimitsTest {
    private static final int RACERS = 50;
    private static final String CLAUDE_CODE_UA = "claude-cli/2.1.197 (external, cli)";

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-25T14:00:00Z")); // a Wednesday
    private volatile Function<RecordedRequest, MockResponse> answer = request -> AnthropicUpstream.message();
    private RelayHarness relay;
    private RelayClient client;

    @BeforeEach
    void start() throws Exception {
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.apply(request);
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

    private String key(String fields) {
        return relay.createKey("{\"name\": \"alice\", " + fields + "}").get("key").asText();
    }

    private HttpResponse<String> message(String key) {
        return client.claude(key, "claude-sonnet-4-5");
    }

    /** Waits until the key's usage shows {@code requests} recorded requests: their spend is then settled. */
    private JsonNode settled(String key, long requests) {
        return Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode body = relay.parse(client.get("/key/v1/usage", "x-api-key", key).body());
            return body.get("usage").get("total").get("requests").asLong() == requests ? body : null;
        });
    }

    private void assertRateLimited(HttpResponse<String> response, long retryAfterSeconds, String messagePart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains(Long.toString(retryAfterSeconds));
        JsonNode error = relay.parse(response.body());
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.get("error").get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("error").get("message").asText()).contains(messagePart);
    }

    // ---- each limit at its boundary

    @Test
    void requestsPerWindowAdmitsExactlyTheLimitAndSaysWhenTheWindowFrees() {
        String key = key("\"limits\": {\"windowSeconds\": 60, \"requestsPerWindow\": 2}");
        assertThat(message(key).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(20));
        assertThat(message(key).statusCode()).isEqualTo(200);

        assertRateLimited(message(key), 40, "2 requests per 60 seconds");
        clock.advance(Duration.ofSeconds(39));
        assertRateLimited(message(key), 1, "2 requests per 60 seconds");
        clock.advance(Duration.ofSeconds(1));
        assertThat(message(key).statusCode()).isEqualTo(200);
        assertThat(upstream.getRequestCount()).isEqualTo(3);
    }

    @Test
    void tokensPerWindowRefusesOnceTheAnswersUsedTheLimit() {
        // one answer uses 12 + 100 + 40 + 7 = 159 tokens
        String key = key("\"limits\": {\"windowSeconds\": 60, \"tokensPerWindow\": 318}");
        assertThat(message(key).statusCode()).isEqualTo(200);
        settled(key, 1);
        assertThat(message(key).statusCode()).as("159 < 318").isEqualTo(200);
        settled(key, 2);

        assertRateLimited(message(key), 60, "318 tokens per 60 seconds");
        clock.advance(Duration.ofSeconds(60));
        assertThat(message(key).statusCode()).isEqualTo(200);
    }

    @Test
    void dailyBudgetAdmitsWhileSpendIsUnderItAndRenewsAtUtcMidnight() {
        // one answer costs $0.000528 on claude-sonnet-4-5
        String key = key("\"limits\": {\"costPerDayUsd\": 0.001}");
        assertThat(message(key).statusCode()).isEqualTo(200);
        settled(key, 1);
        assertThat(message(key).statusCode()).as("$0.000528 < $0.001").isEqualTo(200);
        settled(key, 2);

        assertRateLimited(message(key), 10 * 3600, "daily budget of $0.001");
        clock.advance(Duration.ofHours(10));
        assertThat(message(key).statusCode()).isEqualTo(200);
    }

    @Test
    void aBudgetEqualToTheSpendIsReached() {
        String key = key("\"limits\": {\"costPerWeekUsd\": 0.000528}");
        assertThat(message(key).statusCode()).isEqualTo(200);
        settled(key, 1);

        // Wednesday 14:00 to Monday 00:00
        assertRateLimited(message(key), Duration.ofDays(4).plusHours(10).toSeconds(), "weekly budget of $0.000528");
    }

    @Test
    void aSpentTotalBudgetIsRefusedWithALongRetryAndSaysItDoesNotRenew() {
        String key = key("\"limits\": {\"costTotalUsd\": 0.0005}");
        assertThat(message(key).statusCode()).isEqualTo(200);
        settled(key, 1);

        assertRateLimited(message(key), 24 * 3600, "does not renew");
        clock.advance(Duration.ofDays(30));
        assertThat(message(key).statusCode()).isEqualTo(429);
    }

    @Test
    void aLimitedOpenAiOrGeminiClientGetsTheRefusalInItsOwnShape() {
        String key = key("\"limits\": {\"requestsPerWindow\": 0}");

        HttpResponse<String> openAi = client.post("/openai/v1/chat/completions",
                "{\"model\": \"gpt-5\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "Authorization", "Bearer " + key);
        HttpResponse<String> gemini = client.post("/gemini/v1beta/models/gemini-2.5-pro:generateContent",
                "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}]}", "x-goog-api-key", key);

        assertThat(openAi.statusCode()).isEqualTo(429);
        assertThat(openAi.headers().firstValue("retry-after")).isPresent();
        assertThat(relay.parse(openAi.body()).get("error").get("message").asText()).contains("0 requests per 60 seconds");
        assertThat(gemini.statusCode()).isEqualTo(429);
        assertThat(relay.parse(gemini.body()).get("error").get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    }

    // ---- racing for the last slot

    @Test
    void fiftyRequestsRacingForTheLastRequestOfTheWindowLetExactlyOneThrough() throws Exception {
        String key = key("\"limits\": {\"windowSeconds\": 60, \"requestsPerWindow\": 10}");
        for (int i = 0; i < 9; i++) {
            assertThat(message(key).statusCode()).isEqualTo(200);
        }

        List<Integer> statuses = race(() -> message(key).statusCode());

        assertThat(statuses.stream().filter(status -> status == 200)).hasSize(1);
        assertThat(statuses.stream().filter(status -> status == 429)).hasSize(RACERS - 1);
        assertThat(upstream.getRequestCount()).isEqualTo(10);
    }

    @Test
    void fiftyRequestsRacingAtASpentBudgetAllGetRefused() throws Exception {
        String key = key("\"limits\": {\"costPerDayUsd\": 0.0005}");
        assertThat(message(key).statusCode()).isEqualTo(200);
        settled(key, 1);

        List<Integer> statuses = race(() -> message(key).statusCode());

        assertThat(statuses).containsOnly(429);
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    @Test
    void fiftyRequestsRacingForTheLastConcurrencySlotLetExactlyOneThrough() throws Exception {
        String key = key("\"limits\": {\"maxConcurrency\": 1}");
        // The winner's stream is held open until every other racer has been refused.
        var release = new CountDownLatch(RACERS - 1);
        answer = request -> AnthropicUpstream.streamHeldBackAfterFirstEvent(release);

        List<Integer> statuses = race(() -> {
            HttpResponse<String> response = client.post("/claude/v1/messages",
                    RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", true), "x-api-key", key);
            if (response.statusCode() == 429) {
                release.countDown();
            }
            return response.statusCode();
        });

        assertThat(statuses.stream().filter(status -> status == 200)).hasSize(1);
        assertThat(statuses.stream().filter(status -> status == 429)).hasSize(RACERS - 1);
        assertThat(upstream.getRequestCount()).isEqualTo(1);
    }

    /** Runs {@code attempt} on {@link #RACERS} threads released together; answers their results. */
    private static <T> List<T> race(Callable<T> attempt) throws Exception {
        var ready = new CountDownLatch(RACERS);
        var go = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    go.await();
                    return attempt.call();
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    // ---- concurrency slots come back however a request ends

    private int remainingConcurrency(String key) {
        return relay.parse(client.get("/key/v1/usage", "x-api-key", key).body())
                .get("remaining").get("concurrency").asInt();
    }

    private void awaitSlotsFree(String key, int slots) {
        Poll.until(Duration.ofSeconds(10), () -> remainingConcurrency(key) == slots ? true : null);
    }

    @Test
    void aStreamHoldsItsSlotUntilItEndsAndThenGivesItBack() throws Exception {
        String key = key("\"limits\": {\"maxConcurrency\": 1}");
        var release = new CountDownLatch(1);
        answer = request -> AnthropicUpstream.streamHeldBackAfterFirstEvent(release);
        HttpResponse<InputStream> stream = client.http().send(streamRequest(key), HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("event: message_start");

            assertThat(remainingConcurrency(key)).isZero();
            assertRateLimited(message(key), 1, "limit of 1 concurrent requests");

            release.countDown();
            while (reader.readLine() != null) {
                // read the rest of the stream
            }
        }
        answer = request -> AnthropicUpstream.message();

        awaitSlotsFree(key, 1);
        assertThat(message(key).statusCode()).isEqualTo(200);
        awaitSlotsFree(key, 1);
    }

    @Test
    void anUpstreamErrorGivesTheSlotBack() {
        String key = key("\"limits\": {\"maxConcurrency\": 1}");
        answer = request -> AnthropicUpstream.error(500, "api_error", "boom");

        assertThat(message(key).statusCode()).isEqualTo(529);
        answer = request -> AnthropicUpstream.error(400, "invalid_request_error", "bad");
        assertThat(message(key).statusCode()).isEqualTo(400);

        awaitSlotsFree(key, 1);
        answer = request -> AnthropicUpstream.message();
        clock.advance(Duration.ofMinutes(1)); // the account's cooldown after the 500
        assertThat(message(key).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientLeavingMidStreamGivesTheSlotBack() throws Exception {
        String key = key("\"limits\": {\"maxConcurrency\": 1}");
        var upstreamCancelled = new CountDownLatch(1);
        answer = request -> new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream")
                .body(endlessStream(upstreamCancelled))
                .build();
        HttpResponse<InputStream> stream = client.http().send(streamRequest(key), HttpResponse.BodyHandlers.ofInputStream());
        try (var reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("event: message_start");
            assertThat(remainingConcurrency(key)).isZero();
        } // the client leaves

        assertThat(upstreamCancelled.await(15, TimeUnit.SECONDS)).isTrue();
        awaitSlotsFree(key, 1);
        answer = request -> AnthropicUpstream.message();
        assertThat(message(key).statusCode()).isEqualTo(200);
    }

    private HttpRequest streamRequest(String key) {
        return client.request("/claude/v1/messages")
                .header("x-api-key", key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", true)))
                .build();
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
                    sink.flush();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < deadline) {
                        sink.writeUtf8("event: ping\ndata: {\"type\": \"ping\"}\n\n");
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

    // ---- expiry, both ways

    @Test
    void aKeyExpiresTheGivenDaysAfterItsFirstUse() {
        String key = key("\"expiresAfterFirstUseDays\": 2");
        clock.advance(Duration.ofDays(10)); // an unused key does not age
        assertThat(message(key).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(2).minusSeconds(1));
        assertThat(message(key).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = message(key);

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(relay.parse(expired.body()).get("error").get("message").asText()).isEqualTo("relay key expired");
    }

    @Test
    void aKeyExpiresAtItsFixedTime() {
        String key = key("\"expiresAt\": \"2026-11-25T15:00:00Z\"");
        clock.advance(Duration.ofMinutes(59));
        assertThat(message(key).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> expired = message(key);

        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(relay.parse(expired.body()).get("error").get("message").asText()).isEqualTo("relay key expired");
    }

    // ---- client restrictions

    @Test
    void aKeyLimitedToSomeClientsRefusesOthersNamingTheClientSeen() {
        String key = key("\"allowedClients\": [\"claude-code\", \"my-agent/*\"]");

        HttpResponse<String> claudeCode = client.claude(key, "claude-sonnet-4-5", "User-Agent", CLAUDE_CODE_UA);
        HttpResponse<String> myAgent = client.claude(key, "claude-sonnet-4-5", "User-Agent", "My-Agent/3.1 (linux)");
        HttpResponse<String> droid = client.claude(key, "claude-sonnet-4-5", "User-Agent", "factory-cli/0.215.0");
        HttpResponse<String> script = client.claude(key, "claude-sonnet-4-5", "User-Agent", "python-httpx/0.28.1");

        assertThat(claudeCode.statusCode()).isEqualTo(200);
        assertThat(myAgent.statusCode()).isEqualTo(200);
        assertThat(droid.statusCode()).isEqualTo(403);
        assertThat(relay.parse(droid.body()).get("error").get("type").asText()).isEqualTo("permission_error");
        assertThat(relay.parse(droid.body()).get("error").get("message").asText())
                .isEqualTo("relay key may not be used from droid-cli");
        assertThat(script.statusCode()).isEqualTo(403);
        assertThat(relay.parse(script.body()).get("error").get("message").asText())
                .isEqualTo("relay key may not be used from an unrecognised client (User-Agent: python-httpx/0.28.1)");
    }

    @Test
    void eachRecognisedCliIsAdmittedByItsIdOnItsOwnRoute() {
        String codexKey = key("\"allowedClients\": [\"codex-cli\"]");
        String geminiKey = key("\"allowedClients\": [\"gemini-cli\"]");
        answer = request -> new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\": {\"message\": \"no such account\", \"code\": 400}}").build();

        HttpResponse<String> codex = client.post("/openai/v1/responses", "{\"model\": \"gpt-5\", \"input\": \"hi\"}",
                "Authorization", "Bearer " + codexKey,
                "User-Agent", "codex-tui/0.169.0 (Debian 12.0.0; x86_64) xterm (codex-tui; 0.169.0)",
                "originator", "codex-tui");
        HttpResponse<String> gemini = client.post("/gemini/v1beta/models/gemini-2.5-pro:generateContent",
                "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}]}", "x-goog-api-key", geminiKey,
                "User-Agent", "GeminiCLI-tui/0.61.0/gemini-3.1-pro-preview (linux; x64; terminal)");
        HttpResponse<String> codexAsGemini = client.post("/gemini/v1beta/models/gemini-2.5-pro:generateContent",
                "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}]}", "x-goog-api-key", codexKey,
                "User-Agent", "GeminiCLI-tui/0.61.0/gemini-3.1-pro-preview (linux; x64; terminal)");

        // past the key check, no account of these platforms exists: not a 401 or 403
        assertThat(codex.statusCode()).as(codex.body()).isNotIn(401, 403);
        assertThat(gemini.statusCode()).as(gemini.body()).isNotIn(401, 403);
        assertThat(codexAsGemini.statusCode()).isEqualTo(403);
        assertThat(relay.parse(codexAsGemini.body()).get("error").get("message").asText()).contains("gemini-cli");
    }

    @Test
    void theAdminApiRefusesAnAllowedClientThatIsNeitherAKnownIdNorAPattern() {
        HttpResponse<String> typo = relay.send("POST", "/admin/v1/keys",
                "{\"name\": \"alice\", \"allowedClients\": [\"claude_code\"]}", RelayHarness.ADMIN_TOKEN);
        JsonNode created = relay.createKey("{\"name\": \"bob\", \"allowedClients\": [\"claude-code\"]}");
        JsonNode patched = relay.adminCall("PATCH", "/admin/v1/keys/" + created.get("id").asText(),
                "{\"allowedClients\": [\"claude-code\", \"our-bot/*\"]}", 200);
        HttpResponse<String> badPatch = relay.send("PATCH", "/admin/v1/keys/" + created.get("id").asText(),
                "{\"allowedClients\": [\"codex\"]}", RelayHarness.ADMIN_TOKEN);

        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(relay.parse(typo.body()).get("error").get("message").asText())
                .contains("allowedClients").contains("'claude_code'");
        assertThat(patched.get("allowedClients")).extracting(JsonNode::asText).containsExactly("claude-code", "our-bot/*");
        assertThat(badPatch.statusCode()).isEqualTo(400);
    }
}
