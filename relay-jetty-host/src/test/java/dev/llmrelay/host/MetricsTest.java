package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.llmrelay.host.observe.AccessLog;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** {@code GET /metrics} and the access log, as an operator sees them after real requests through a real host. */
class MetricsTest {
    private static final String UPSTREAM_KEY = "sk-ant-api03-metrics-upstream-secret";

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private final MockWebServer failing = new MockWebServer();
    private final ListAppender<ILoggingEvent> accessLines = new ListAppender<>();
    private RelayHarness relay;
    private RelayClient client;
    private String accountId;
    private String failingAccountId;
    private String key;

    @BeforeEach
    void start() throws IOException {
        upstream.start();
        failing.start();
        relay = RelayHarness.start(dataDir);
        client = new RelayClient(relay.uri());
        failingAccountId = relay.createAccount("""
                {"name": "first", "platform": "claude", "kind": "api-key", "apiKey": "sk-first-secret",
                 "baseUrl": "%s", "priority": 10}""".formatted(failing.url("/")));
        accountId = relay.createAccount("""
                {"name": "second", "platform": "claude", "kind": "api-key", "apiKey": "%s",
                 "baseUrl": "%s", "priority": 20}""".formatted(UPSTREAM_KEY, upstream.url("/")));
        key = relay.issueKey("alice");
        accessLines.start();
        ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).addAppender(accessLines);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).detachAppender(accessLines);
        client.close();
        relay.close();
        upstream.close();
        failing.close();
    }

    @Test
    void metricsNeedTheAdminToken() {
        HttpResponse<String> none = relay.send("GET", "/metrics", null, null);
        HttpResponse<String> wrong = relay.send("GET", "/metrics", null, "not-the-admin-token");
        HttpResponse<String> relayKey = relay.send("GET", "/metrics", null, key);

        for (HttpResponse<String> response : List.of(none, wrong, relayKey)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(relay.parse(response.body()).get("error").get("type").asText()).isEqualTo("authentication_error");
            assertThat(response.body()).doesNotContain("relay_requests");
        }
    }

    /** Spellings of {@code /metrics} that Jetty routes to it: each one is behind the token. */
    @ParameterizedTest
    @ValueSource(strings = {"/metrics", "/metrics?x=1", "/metrics;x=y", "/./metrics", "/%6Detrics", "/x/../metrics",
            "http://127.0.0.1/metrics"})
    void everySpellingRoutedToMetricsNeedsTheToken(String target) {
        RawHttp.RawResponse without = RawHttp.get(relay.port(), target);
        RawHttp.RawResponse with = RawHttp.get(relay.port(), target, "Authorization: Bearer " + RelayHarness.ADMIN_TOKEN);

        assertThat(without.status()).isEqualTo(401);
        assertThat(without.body()).doesNotContain("relay_");
        assertThat(with.status()).isEqualTo(200);
        assertThat(with.body()).contains("relay_streams_open");
    }

    /** Spellings Jetty does not route to {@code /metrics}: refused or unknown, never the metrics. */
    @ParameterizedTest
    @ValueSource(strings = {"/metrics/", "/METRICS", "//metrics", "/metrics%2F", "/%2e/metrics", "/metrics%00"})
    void noOtherSpellingShowsTheMetrics(String target) {
        for (RawHttp.RawResponse response : List.of(RawHttp.get(relay.port(), target),
                RawHttp.get(relay.port(), target, "Authorization: Bearer " + RelayHarness.ADMIN_TOKEN))) {
            assertThat(response.status()).as(target).isIn(400, 404);
            assertThat(response.body()).doesNotContain("relay_");
        }
    }

    @Test
    void metricsAreThePrometheusTextFormat() {
        HttpResponse<String> response = relay.send("GET", "/metrics", null, RelayHarness.ADMIN_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(response.body()).contains("# TYPE relay_streams_open gauge").contains("jvm_threads_live_threads");
    }

    @Test
    void countersMoveWithRealRequests() {
        Scrape before = relay.metrics();
        upstream.enqueue(AnthropicUpstream.message());
        upstream.enqueue(AnthropicUpstream.stream());
        failing.enqueue(AnthropicUpstream.error(529, "overloaded_error", "Overloaded"));

        assertThat(client.claude(key, "claude-sonnet-4-5").statusCode()).isEqualTo(200);
        assertThat(client.post("/claude/v1/messages", RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", true),
                "x-api-key", key).statusCode()).isEqualTo(200);
        assertThat(client.claude("rk_unknown", "claude-sonnet-4-5").statusCode()).isEqualTo(401);

        // the counters move once each answer has ended, just after its client has it
        Scrape after = Poll.until(Duration.ofSeconds(5), () -> {
            Scrape now = relay.metrics();
            return now.sum("relay_requests_total", "route", "claude.messages") == 3 ? now : null;
        });
        assertThat(before.count("relay_requests_total", "route", "claude.messages")).isZero();
        assertThat(after.count("relay_requests_total", "route", "claude.messages", "status", "200", "platform", "claude"))
                .isEqualTo(2);
        assertThat(after.count("relay_requests_total", "route", "claude.messages", "status", "401", "platform", "none"))
                .isEqualTo(1);
        assertThat(after.count("relay_request_duration_seconds_count", "route", "claude.messages", "platform", "claude"))
                .isEqualTo(2);
        assertThat(after.count("relay_request_duration_seconds_bucket", "route", "claude.messages",
                "platform", "claude", "le", "+Inf")).isEqualTo(2);
        assertThat(after.count("relay_time_to_first_byte_seconds_count", "route", "claude.messages", "platform", "claude"))
                .isEqualTo(2);
        assertThat(after.count("relay_upstream_errors_total", "account", failingAccountId, "kind", "overloaded"))
                .isEqualTo(1);
        assertThat(after.count("relay_accounts", "state", "overloaded")).isEqualTo(1);
        assertThat(after.count("relay_accounts", "state", "active")).isEqualTo(1);
        assertThat(after.value("relay_streams_open")).hasValue(0);
        assertThat(after.value("relay_leases_held", "kind", "key")).hasValue(0);
        assertThat(after.value("relay_leases_held", "kind", "account")).hasValue(0);
        assertThat(after.value("relay_requests_active")).hasValue(0);
    }

    @Test
    void eachClientRequestGetsOneAccessLogLineWithoutSecrets() {
        failing.enqueue(AnthropicUpstream.error(529, "overloaded_error", "Overloaded"));
        upstream.enqueue(AnthropicUpstream.message());

        assertThat(client.claude(key, "claude-sonnet-4-5").statusCode()).isEqualTo(200);
        assertThat(client.claude("rk_unknown_secret", "claude-sonnet-4-5").statusCode()).isEqualTo(401);
        assertThat(client.get("/gemini/v1beta/models?key=" + key).statusCode()).isEqualTo(200);

        List<String> lines = Poll.until(Duration.ofSeconds(5), () -> accessLines.list.size() >= 3
                ? accessLines.list.stream().map(ILoggingEvent::getFormattedMessage).toList() : null);
        String keyId = relay.adminCall("GET", "/admin/v1/keys", null, 200).get("items").get(0).get("id").asText();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("route=claude.messages method=POST path=/claude/v1/messages status=200 ")
                .contains(" key=" + keyId + " ", " account=" + accountId + " ", " platform=claude ",
                        " model=claude-sonnet-4-5 ", " stream=false ", " input_tokens=12 ", " output_tokens=7 ",
                        " cache_write_tokens=100 ", " cache_read_tokens=40 ")
                .containsPattern(" latency_ms=\\d+ ttfb_ms=\\d+$");
        assertThat(lines.get(1)).contains("status=401", " key=- ", " account=- ");
        assertThat(lines.get(2)).startsWith("route=gemini.list_models method=GET path=/gemini/v1beta/models status=200 ");
        for (String line : lines) {
            assertThat(line).doesNotContain(key).doesNotContain("rk_unknown_secret").doesNotContain(UPSTREAM_KEY)
                    .doesNotContain("Hello from upstream").doesNotContain("\n");
        }
    }
}
