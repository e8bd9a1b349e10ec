package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the pool chooses: sticky sessions, priorities, and failover on each kind of failure. */
class SchedulingTest {
    private static final String BODY = """
            {"model": "claude-sonnet-4-5", "max_tokens": 10, "messages": [{"role": "user", "content": "%s"}]}""";

    @TempDir
    Path dataDir;

    private final MockWebServer first = new MockWebServer();
    private final MockWebServer second = new MockWebServer();
    private final HttpClient http = HttpClient.newHttpClient();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
    private RelayHarness relay;
    private String firstAccount;
    private String secondAccount;
    private String key;

    @BeforeEach
    void start() throws IOException {
        first.start();
        second.start();
        relay = RelayHarness.start(dataDir, UnaryOperator.identity(), clock);
        key = relay.issueKey("alice");
    }

    @AfterEach
    void stop() {
        relay.close();
        first.close();
        second.close();
        http.close();
    }

    private void twoAccounts(int firstPriority, int secondPriority) {
        firstAccount = relay.createAccount(account("first", first, firstPriority));
        secondAccount = relay.createAccount(account("second", second, secondPriority));
    }

    private static String account(String name, MockWebServer upstream, int priority) {
        return """
                {"name": "%s", "platform": "claude", "kind": "api-key", "apiKey": "sk-%s", "baseUrl": "%s", "priority": %d}
                """.formatted(name, name, upstream.url("/"), priority);
    }

    private HttpResponse<String> post(String message, String... headers) throws Exception {
        var builder = HttpRequest.newBuilder(relay.uri().resolve("/claude/v1/messages"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(message)));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void answerAlways(MockWebServer server, int count) {
        for (int i = 0; i < count; i++) {
            server.enqueue(AnthropicUpstream.message());
        }
    }

    @Test
    void aSessionKeepsItsAccountFor50RequestsWhileAnotherSessionGoesElsewhere() throws Exception {
        twoAccounts(50, 50);
        answerAlways(first, 60);
        answerAlways(second, 60);

        assertThat(post("start", "X-Claude-Code-Session-Id", "session-one").statusCode()).isEqualTo(200);
        assertThat(post("start", "X-Claude-Code-Session-Id", "session-two").statusCode()).isEqualTo(200);
        for (int i = 0; i < 49; i++) {
            assertThat(post("turn " + i, "X-Claude-Code-Session-Id", "session-one").statusCode()).isEqualTo(200);
        }

        int one = first.getRequestCount();
        int two = second.getRequestCount();
        assertThat(Math.max(one, two)).as("session one stayed on its account").isEqualTo(50);
        assertThat(Math.min(one, two)).as("session two went to the other account").isEqualTo(1);
    }

    @Test
    void withoutASessionHeaderTheSystemPromptAndFirstMessageKeepAConversationTogether() throws Exception {
        twoAccounts(50, 50);
        answerAlways(first, 20);
        answerAlways(second, 20);
        String conversation = """
                {"model": "claude-sonnet-4-5", "max_tokens": 10, "system": "You are terse.",
                 "messages": [{"role": "user", "content": "first question"}%s]}""";

        for (int turn = 0; turn < 10; turn++) {
            String later = ", {\"role\": \"assistant\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"q" + turn + "\"}";
            var request = HttpRequest.newBuilder(relay.uri().resolve("/claude/v1/messages"))
                    .header("x-api-key", key).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(conversation.formatted(turn == 0 ? "" : later))).build();
            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }

        assertThat(Math.max(first.getRequestCount(), second.getRequestCount())).isEqualTo(10);
    }

    @Test
    void aSmallerPriorityIsServedFirstAndAPausedAccountNever() throws Exception {
        twoAccounts(60, 10);
        answerAlways(first, 5);
        answerAlways(second, 5);

        post("a");
        relay.adminCall("PATCH", "/admin/v1/accounts/" + secondAccount, "{\"schedulable\": false}", 200);
        post("b");

        assertThat(second.getRequestCount()).as("priority 10 first").isEqualTo(1);
        assertThat(first.getRequestCount()).as("the paused one is skipped").isEqualTo(1);
    }

    @Test
    void aRateLimitedAccountIsSkippedUntilItsResetAndUsedAgainAfter() throws Exception {
        twoAccounts(10, 20);
        first.enqueue(new MockResponse.Builder(AnthropicUpstream.error(429, "rate_limit_error", "slow down"))
                .setHeader("retry-after", "30").build());
        answerAlways(second, 5);
        answerAlways(first, 5);

        assertThat(post("one").statusCode()).isEqualTo(200);
        assertThat(post("two").statusCode()).isEqualTo(200);
        assertThat(first.getRequestCount()).as("skipped while limited").isEqualTo(1);
        assertThat(second.getRequestCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        assertThat(post("three").statusCode()).isEqualTo(200);

        assertThat(first.getRequestCount()).as("used again after its reset").isEqualTo(2);
        assertThat(relay.adminCall("GET", "/admin/v1/accounts/" + firstAccount, null, 200)
                .get("status").get("state").asText()).isEqualTo("active");
    }

    @Test
    void aSubscriptionOutOfItsOpusWeekStillServesSonnetWhileOpusGoesElsewhereUntilTheLimitEnds() throws Exception {
        twoAccounts(10, 20);
        first.enqueue(opusWeekSpent(3600));
        answerAlways(second, 5);
        answerAlways(first, 5);

        assertThat(postModel("claude-opus-4-8").statusCode()).as("moved to the other account").isEqualTo(200);
        assertThat(postModel("claude-opus-4-8").statusCode()).isEqualTo(200);
        assertThat(first.getRequestCount()).as("opus no longer tried on the limited account").isEqualTo(1);
        assertThat(second.getRequestCount()).isEqualTo(2);

        assertThat(postModel("claude-sonnet-4-5").statusCode()).isEqualTo(200);
        assertThat(first.getRequestCount()).as("sonnet still served by the first account").isEqualTo(2);
        assertThat(relay.adminCall("GET", "/admin/v1/accounts/" + firstAccount, null, 200)
                .get("status").get("state").asText()).as("the account as a whole stays active").isEqualTo("active");

        clock.advance(Duration.ofSeconds(3601));
        assertThat(postModel("claude-opus-4-8").statusCode()).isEqualTo(200);
        assertThat(first.getRequestCount()).as("opus back on the first account after the limit").isEqualTo(3);
    }

    @Test
    void whenEveryAccountIsOutOfItsOpusWeekOpusIsRefusedUntilTheFirstFreesAndSonnetStillServed() throws Exception {
        twoAccounts(10, 20);
        first.enqueue(opusWeekSpent(7200));
        second.enqueue(opusWeekSpent(3600));
        answerAlways(first, 2);

        HttpResponse<String> spent = postModel("claude-opus-4-8");
        HttpResponse<String> later = postModel("claude-opus-4-8");

        assertThat(spent.statusCode()).isEqualTo(529);
        assertThat(later.statusCode()).as("refused without asking either upstream again").isEqualTo(529);
        assertThat(first.getRequestCount() + second.getRequestCount()).isEqualTo(2);
        assertThat(later.body()).contains("overloaded_error").contains("limit for this family of models");
        long retryAfter = Long.parseLong(later.headers().firstValue("retry-after").orElseThrow());
        assertThat(retryAfter).as("until the sooner limit ends").isBetween(3590L, 3600L);
        assertThat(postModel("claude-sonnet-4-5").statusCode()).isEqualTo(200);
    }

    /** A Claude subscription's 429 for its weekly Opus limit, ending in {@code seconds}. */
    private MockResponse opusWeekSpent(long seconds) {
        return new MockResponse.Builder(AnthropicUpstream.error(429, "rate_limit_error", "Opus weekly limit reached"))
                .setHeader("anthropic-ratelimit-unified-representative-claim", "seven_day_opus")
                .setHeader("anthropic-ratelimit-unified-status", "rejected")
                .setHeader("anthropic-ratelimit-unified-reset", Long.toString(clock.instant().getEpochSecond() + seconds))
                .build();
    }

    /** A request for {@code model}, each of its own conversation (so no sticky session decides where it goes). */
    private HttpResponse<String> postModel(String model) throws Exception {
        var request = HttpRequest.newBuilder(relay.uri().resolve("/claude/v1/messages"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "%s", "max_tokens": 10, "messages": [{"role": "user", "content": "%s"}]}"""
                        .formatted(model, UUID.randomUUID()))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("529 overloaded", AnthropicUpstream.error(529, "overloaded_error", "Overloaded"), "overloaded"),
                Arguments.of("500 server error (one: the circuit stays closed)",
                        AnthropicUpstream.error(500, "api_error", "boom"), "active"),
                Arguments.of("401 revoked key", AnthropicUpstream.error(401, "authentication_error", "bad key"), "unauthorized"),
                Arguments.of("403 forbidden", AnthropicUpstream.error(403, "permission_error", "disabled org"), "unauthorized"),
                Arguments.of("429 rate limit", AnthropicUpstream.error(429, "rate_limit_error", "slow"), "rate-limited"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureBeforeTheFirstByteMovesTheRequestToTheNextAccount(String what, MockResponse failure, String state)
            throws Exception {
        twoAccounts(10, 20);
        first.enqueue(failure);
        second.enqueue(AnthropicUpstream.message());

        HttpResponse<String> response = post("hi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Hello from upstream!");
        JsonNode status = relay.adminCall("GET", "/admin/v1/accounts/" + firstAccount, null, 200).get("status");
        assertThat(status.get("state").asText()).isEqualTo(state);
        if (!state.equals("active")) {
            assertThat(status.get("reason").asText()).isNotBlank();
        }
    }

    @Test
    void serverErrorsInARowOpenTheCircuitASuccessClosesItAndReopeningDoublesTheCooldown() throws Exception {
        twoAccounts(10, 20);
        answerAlways(second, 20);
        for (int i = 0; i < 3; i++) {
            first.enqueue(AnthropicUpstream.error(500, "api_error", "boom"));
        }

        for (int i = 0; i < 3; i++) {
            assertThat(post("hi " + i).statusCode()).as("served by the next account").isEqualTo(200);
        }
        JsonNode opened = relay.adminCall("GET", "/admin/v1/accounts/" + firstAccount, null, 200).get("status");
        assertThat(opened.get("state").asText()).isEqualTo("overloaded");
        assertThat(opened.get("reason").asText()).contains("3 failures in a row");
        assertThat(Instant.parse(opened.get("until").asText())).isEqualTo(clock.instant().plusSeconds(10));

        post("while open");
        assertThat(first.getRequestCount()).as("skipped while open").isEqualTo(3);

        clock.advance(Duration.ofSeconds(11));
        first.enqueue(AnthropicUpstream.error(503, "api_error", "still down"));
        post("half-open probe");
        JsonNode reopened = relay.adminCall("GET", "/admin/v1/accounts/" + firstAccount, null, 200).get("status");
        assertThat(Instant.parse(reopened.get("until").asText())).as("one failure reopens it, for twice as long")
                .isEqualTo(clock.instant().plusSeconds(20));

        clock.advance(Duration.ofSeconds(21));
        answerAlways(first, 2);
        post("recovered");
        first.enqueue(AnthropicUpstream.error(500, "api_error", "a blip"));
        post("one blip after recovery");
        assertThat(relay.adminCall("GET", "/admin/v1/accounts/" + firstAccount, null, 200)
                .get("status").get("state").asText()).as("the success closed the circuit").isEqualTo("active");
    }

    @Test
    void aRefusedConnectionMovesTheRequestToTheNextAccount() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        firstAccount = relay.createAccount("""
                {"name": "gone", "platform": "claude", "kind": "api-key", "apiKey": "sk-gone",
                 "baseUrl": "http://127.0.0.1:%d", "priority": 10}""".formatted(closedPort));
        relay.createAccount(account("second", second, 20));
        second.enqueue(AnthropicUpstream.message());

        answerAlways(second, 2);
        for (int i = 0; i < 3; i++) {
            assertThat(post("hi " + i).statusCode()).isEqualTo(200);
        }

        JsonNode status = relay.adminCall("GET", "/admin/v1/accounts/" + firstAccount, null, 200).get("status");
        assertThat(status.get("state").asText()).isEqualTo("overloaded");
        assertThat(status.get("reason").asText()).contains("refused the connection");
    }

    @Test
    void aKeyBoundToAnAccountIsServedOnlyByIt() throws Exception {
        twoAccounts(10, 20);
        String bound = relay.createKey("{\"name\": \"b\", \"boundAccount\": \"" + secondAccount + "\"}").get("key").asText();
        second.enqueue(AnthropicUpstream.message());
        first.enqueue(AnthropicUpstream.message());

        var request = HttpRequest.newBuilder(relay.uri().resolve("/claude/v1/messages"))
                .header("x-api-key", bound).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted("hi"))).build();
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        assertThat(second.getRequestCount()).isEqualTo(1);
        assertThat(first.getRequestCount()).isZero();
    }
}
