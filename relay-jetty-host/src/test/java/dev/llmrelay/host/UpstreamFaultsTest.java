package dev.llmrelay.host;

import static dev.llmrelay.host.FaultyUpstream.head;
import static dev.llmrelay.host.FaultyUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.core.schedule.AccountHealthRules;
import dev.llmrelay.core.upstream.UpstreamClients;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstreams that misbehave on the wire: a reset mid-stream, one that accepts and never answers, one that trickles
 * a byte a second, a malformed event, a 200 with an HTML page. Each time the client gets an error in its own
 * protocol, the account is marked, and no lease, stream, request thread or upstream connection is left behind.
 *
 * <p>The relay here has an upstream idle timeout of 2 s (10 min by default), keep-alives after 0.5 s of silence
 * (15 s), and its accounts' circuits open at the first failure (3 in a row by default), so one request shows the
 * marking.
 */
class UpstreamFaultsTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final String MESSAGE_START = AnthropicUpstream.FIRST_EVENTS;
    private static final String BLOCK_START = """
            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            """;
    private static final String SSE_HEAD = "Content-Type: text/event-stream; charset=utf-8";

    @TempDir
    Path dataDir;

    private FaultyUpstream upstream;
    private RelayHarness relay;
    private RelayClient client;
    private String accountId;
    private String key;

    private void start(FaultyUpstream.Script script) {
        upstream = new FaultyUpstream(script);
        relay = RelayHarness.startWithEngine(dataDir, engine -> engine
                .upstreamClients(UpstreamClients.withDefaults(IDLE_TIMEOUT, IDLE_TIMEOUT))
                .keepAliveAfter(Duration.ofMillis(500))
                .healthRules(new AccountHealthRules(Duration.ofSeconds(60), Duration.ofHours(5), Duration.ofSeconds(10),
                        1, Duration.ofMinutes(5))));
        client = new RelayClient(relay.uri());
        accountId = relay.createClaudeAccount("faulty", "sk-faulty-secret", upstream.baseUrl());
        key = relay.issueKey("alice");
    }

    @AfterEach
    void stop() {
        client.close();
        relay.close();
        upstream.close();
    }

    private HttpResponse<String> ask(boolean stream) {
        return client.post("/claude/v1/messages", RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", stream),
                "x-api-key", key);
    }

    @Test
    void aConnectionResetMidStreamEndsTheClientsStreamWithAnErrorEvent() {
        start((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", SSE_HEAD);
            write(out, MESSAGE_START + BLOCK_START);
            Thread.sleep(100);
            FaultyUpstream.reset(socket);
        });

        HttpResponse<String> response = ask(true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(eventNames(response.body())).startsWith("message_start", "content_block_start").endsWith("error");
        assertThat(lastData(response.body()).get("error").get("type").asText()).isEqualTo("api_error");
        assertMarked("broke_mid_stream");
        assertNothingLeftBehind();
    }

    @Test
    void anUpstreamThatAcceptsAndNeverAnswersIsGivenUpAtTheIdleTimeout() {
        start((socket, out) -> FaultyUpstream.waitForTheRelayToLeave(socket));

        long started = System.nanoTime();
        HttpResponse<String> response = ask(false);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(IDLE_TIMEOUT.multipliedBy(5));
        assertOverloadedInAnthropicShape(response);
        assertMarked("no_answer");
        assertNothingLeftBehind();
    }

    @Test
    void aWholeAnswerTrickledAByteASecondIsGivenUpAtTheIdleTimeout() {
        start((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", "Content-Type: application/json",
                    "Content-Length: " + AnthropicUpstream.MESSAGE.length());
            trickle(out, AnthropicUpstream.MESSAGE);
        });

        assertOverloadedInAnthropicShape(ask(false));
        assertMarked("no_answer");
        assertNothingLeftBehind();
    }

    @Test
    void aStreamTrickledAByteASecondIsGivenUpAtTheIdleTimeout() {
        start((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", SSE_HEAD);
            trickle(out, MESSAGE_START + BLOCK_START);
        });

        assertOverloadedInAnthropicShape(ask(true));
        assertMarked("no_answer");
        assertNothingLeftBehind();
    }

    @Test
    void aMalformedEventInAStartedStreamEndsItWithAnErrorEvent() {
        start((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", SSE_HEAD);
            write(out, MESSAGE_START + BLOCK_START);
            write(out, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"ty\n\n");
            FaultyUpstream.waitForTheRelayToLeave(socket);
        });

        HttpResponse<String> response = ask(true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(eventNames(response.body())).startsWith("message_start", "content_block_start").endsWith("error")
                .doesNotContain("content_block_delta");
        assertThat(response.body()).doesNotContain("\"ty\n");
        assertMarked("broke_mid_stream");
        assertNothingLeftBehind();
    }

    @Test
    void aMalformedFirstEventIsAFailureBeforeTheAnswer() {
        start((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", SSE_HEAD);
            write(out, "event: message_start\ndata: <html>\n\n");
            FaultyUpstream.waitForTheRelayToLeave(socket);
        });

        assertOverloadedInAnthropicShape(ask(true));
        assertMarked("bad_answer");
        assertNothingLeftBehind();
    }

    @Test
    void aWholeAnswerThatIsAnHtmlPageIsAFailureNotAnAnswer() {
        String page = "<html><body><h1>502 Bad Gateway</h1> cloudflare</body></html>";
        start((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", "Content-Type: text/html", "Content-Length: " + page.length());
            write(out, page);
        });

        HttpResponse<String> response = ask(false);

        assertOverloadedInAnthropicShape(response);
        assertThat(response.body()).doesNotContain("<html>");
        assertMarked("bad_answer");
        assertNothingLeftBehind();
    }

    @Test
    void aStreamAnsweredWithAnHtmlPageIsAFailureNotAnAnswer() {
        String page = "<html><body>Just a moment...</body></html>";
        start((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8", "Content-Length: " + page.length());
            write(out, page);
        });

        HttpResponse<String> response = ask(true);

        assertOverloadedInAnthropicShape(response);
        assertThat(response.body()).doesNotContain("<html>");
        assertMarked("bad_answer");
        assertNothingLeftBehind();
    }

    @Test
    void aClientLeavingWhileTheUpstreamIsQuietIsNoFaultOfTheAccount() throws Exception {
        start((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", SSE_HEAD);
            write(out, MESSAGE_START + BLOCK_START);
            FaultyUpstream.waitForTheRelayToLeave(socket);
        });

        try (var socket = RawHttp.connect(relay.port())) {
            String body = RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", true);
            socket.getOutputStream().write(("POST /claude/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + key
                    + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] first = new byte[64];
            assertThat(socket.getInputStream().read(first)).isPositive();
        }

        // the next keep-alive finds the client gone and the relay cancels the quiet upstream call
        assertNothingLeftBehind();
        JsonNode status = relay.adminCall("GET", "/admin/v1/accounts/" + accountId, null, 200).get("status");
        assertThat(status.get("state").asText()).isEqualTo("active");
        assertThat(relay.metrics().count("relay_upstream_errors_total", "account", accountId)).isZero();
    }

    /** Writes {@code text} a byte a second until the relay leaves (or 30 s pass, so a failing test ends). */
    private static void trickle(java.io.OutputStream out, String text) throws java.io.IOException,
            InterruptedException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length && i < 30; i++) {
            out.write(bytes[i]);
            out.flush();
            Thread.sleep(1000);
        }
    }

    private void assertOverloadedInAnthropicShape(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(529);
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        JsonNode body = relay.parse(response.body());
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo("overloaded_error");
        assertThat(response.body()).doesNotContain("sk-faulty-secret");
    }

    /** The account's circuit opened on this failure, and the failure is counted under its kind. */
    private void assertMarked(String kind) {
        JsonNode status = relay.adminCall("GET", "/admin/v1/accounts/" + accountId, null, 200).get("status");
        assertThat(status.get("state").asText()).isEqualTo("overloaded");
        assertThat(relay.metrics().count("relay_upstream_errors_total", "account", accountId, "kind", kind))
                .as(relay.metrics().toString()).isEqualTo(1);
    }

    private void assertNothingLeftBehind() {
        Poll.until(Duration.ofSeconds(10), () -> {
            Scrape metrics = relay.metrics();
            boolean idle = metrics.count("relay_requests_active") == 0 && metrics.count("relay_streams_open") == 0
                    && metrics.count("relay_leases_held", "kind", "key") == 0
                    && metrics.count("relay_leases_held", "kind", "account") == 0
                    && upstream.openConnections() == 0;
            return idle ? true : null;
        });
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

    private JsonNode lastData(String body) {
        String last = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                last = line.substring(6);
            }
        }
        return relay.parse(last);
    }
}
