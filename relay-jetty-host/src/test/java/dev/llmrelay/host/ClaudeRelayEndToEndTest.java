package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Anthropic Java SDK, through a real relay host, against a MockWebServer Anthropic upstream. */
class ClaudeRelayEndToEndTest {
    private static final String CLAUDE_CODE_AGENT = "claude-cli/2.1.197 (external, cli)";
    private static final String UPSTREAM_KEY = "sk-ant-api03-upstream-secret";

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private RelayHarness relay;
    private String relayKey;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        relay = RelayHarness.start(dataDir);
        relay.createClaudeAccount("team-1", UPSTREAM_KEY, upstream.url("/").toString());
        relayKey = relay.issueKey("alice");
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.close();
    }

    private AnthropicClient sdk() {
        return AnthropicOkHttpClient.builder()
                .baseUrl(relay.uri() + "/claude")
                .apiKey(relayKey)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private static MessageCreateParams params() {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(256)
                .addUserMessage("Say hello")
                .build();
    }

    @Test
    void nonStreamingAnswerReachesTheClientIntact() throws Exception {
        upstream.enqueue(AnthropicUpstream.message());

        Message message = sdk().messages().create(params());

        assertThat(message.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello from upstream!");
        assertThat(message.usage().inputTokens()).isEqualTo(12);
        assertThat(message.usage().cacheCreationInputTokens()).contains(100L);
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/v1/messages");
        assertThat(recorded.getBody().utf8()).contains("\"Say hello\"");
    }

    @Test
    void streamingAnswerReachesTheClientIntact() {
        upstream.enqueue(AnthropicUpstream.stream());
        var accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> stream = sdk().messages().createStreaming(params())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message message = accumulator.message();
        assertThat(message.id()).isEqualTo("msg_01Stream");
        assertThat(message.content().getFirst().asText().text()).isEqualTo("Hello, wörld 🌍");
        assertThat(message.usage().outputTokens()).isEqualTo(15);
    }

    @Test
    void clientSeesTheFirstEventWhileTheUpstreamStillHoldsBackTheRest() throws Exception {
        var release = new CountDownLatch(1);
        upstream.enqueue(AnthropicUpstream.streamHeldBackAfterFirstEvent(release));

        try (StreamResponse<RawMessageStreamEvent> stream = sdk().messages().createStreaming(params())) {
            Iterator<RawMessageStreamEvent> events = stream.stream().iterator();
            RawMessageStreamEvent first = events.next();

            assertThat(first.isMessageStart()).isTrue();
            assertThat(release.getCount()).as("the upstream was still holding the rest back").isEqualTo(1);
            release.countDown();
            int remaining = 0;
            while (events.hasNext()) {
                events.next();
                remaining++;
            }
            assertThat(remaining).as("events after message_start, pings dropped by the SDK").isEqualTo(6);
        }
    }

    @Test
    void upstreamGetsTheAccountCredentialAndNeverTheRelayKey() throws Exception {
        upstream.enqueue(AnthropicUpstream.message());
        upstream.enqueue(AnthropicUpstream.stream());

        sdk().messages().create(params());
        try (var stream = sdk().messages().createStreaming(params())) {
            stream.stream().forEach(event -> { });
        }

        for (int i = 0; i < 2; i++) {
            RecordedRequest recorded = upstream.takeRequest();
            assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo(UPSTREAM_KEY);
            assertThat(recorded.getHeaders().get("authorization")).isNull();
            assertThat(recorded.getHeaders().get("anthropic-version")).as("the client's API version passes on")
                    .isNotBlank();
            assertThat(recorded.getHeaders().toString()).doesNotContain(relayKey);
            assertThat(recorded.getBody().utf8()).doesNotContain(relayKey);
        }
    }

    @Test
    void oauthAccountSendsItsBearerTokenWithTheOAuthBetaMergedIntoTheClients() throws Exception {
        relay.adminCall("PATCH", "/admin/v1/accounts/" + onlyAccountId(), """
                {"kind": "oauth", "oauth": {"accessToken": "sk-ant-oat01-access", "refreshToken": "sk-ant-ort01-refresh"}}
                """, 200);
        upstream.enqueue(AnthropicUpstream.message());

        // A subscription serves Claude Code only: this client says it is Claude Code, as Claude Code does.
        var asClaudeCode = AnthropicOkHttpClient.builder().baseUrl(relay.uri() + "/claude").apiKey(relayKey)
                .maxRetries(0).putHeader("User-Agent", CLAUDE_CODE_AGENT).build();
        asClaudeCode.messages().create(params(), com.anthropic.core.RequestOptions.none());
        var withBeta = AnthropicOkHttpClient.builder().baseUrl(relay.uri() + "/claude").apiKey(relayKey)
                .maxRetries(0).putHeader("User-Agent", CLAUDE_CODE_AGENT)
                .putHeader("anthropic-beta", "prompt-caching-2024-07-31,oauth-2025-04-20").build();
        upstream.enqueue(AnthropicUpstream.message());
        withBeta.messages().create(params());

        RecordedRequest plain = upstream.takeRequest();
        assertThat(plain.getHeaders().get("authorization")).isEqualTo("Bearer sk-ant-oat01-access");
        assertThat(plain.getHeaders().get("x-api-key")).isNull();
        assertThat(plain.getHeaders().get("anthropic-beta")).isEqualTo("oauth-2025-04-20");
        RecordedRequest merged = upstream.takeRequest();
        assertThat(merged.getHeaders().get("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31,oauth-2025-04-20");
    }

    @Test
    void aClientOtherThanClaudeCodeIsToldASubscriptionIsNotForItAndTheAccountStaysHealthy() {
        String accountId = onlyAccountId();
        relay.adminCall("PATCH", "/admin/v1/accounts/" + accountId, """
                {"kind": "oauth", "oauth": {"accessToken": "sk-ant-oat01-access", "refreshToken": "sk-ant-ort01-refresh"}}
                """, 200);

        assertThatThrownBy(() -> sdk().messages().create(params()))
                .isInstanceOf(com.anthropic.errors.PermissionDeniedException.class)
                .hasMessageContaining("Claude subscriptions, which Anthropic lets only Claude Code use");

        assertThat(upstream.getRequestCount()).isZero();
        assertThat(relay.adminCall("GET", "/admin/v1/accounts/" + accountId, null, 200).path("status").path("state")
                .asText()).isEqualTo("active");
    }

    @Test
    void usageIsRecordedWithTheAnswersTokenCounts() {
        upstream.enqueue(AnthropicUpstream.message());
        upstream.enqueue(AnthropicUpstream.stream());

        sdk().messages().create(params());
        try (var stream = sdk().messages().createStreaming(params())) {
            stream.stream().forEach(event -> { });
        }

        JsonNode row = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode rows = relay.adminCall("GET", "/admin/v1/usage?by=key&granularity=day", null, 200).get("rows");
            return rows.size() == 1 && rows.get(0).get("requests").asLong() == 2 ? rows.get(0) : null;
        });
        assertThat(row.get("inputTokens").asLong()).isEqualTo(12 + 25);
        assertThat(row.get("outputTokens").asLong()).isEqualTo(7 + 15);
        assertThat(row.get("cacheWriteTokens").asLong()).isEqualTo(100);
        assertThat(row.get("cacheReadTokens").asLong()).isEqualTo(40 + 300);
    }

    @Test
    void accountsKeysAndUsageSurviveARestartOnTheSameDataDir() throws Exception {
        upstream.enqueue(AnthropicUpstream.message());
        sdk().messages().create(params());
        Poll.until(Duration.ofSeconds(10), () -> relay.adminCall("GET", "/admin/v1/usage", null, 200)
                .get("rows").size() == 1 ? true : null);

        relay.restart();

        assertThat(relay.adminCall("GET", "/admin/v1/accounts", null, 200).get("items")).hasSize(1);
        JsonNode keys = relay.adminCall("GET", "/admin/v1/keys", null, 200).get("items");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("lastUsedAt").asText()).isNotEmpty();
        JsonNode rows = relay.adminCall("GET", "/admin/v1/usage?by=model", null, 200).get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("group").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(rows.get(0).get("inputTokens").asLong()).isEqualTo(12);

        upstream.enqueue(AnthropicUpstream.message());
        assertThat(sdk().messages().create(params()).id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo(UPSTREAM_KEY);
        assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo(UPSTREAM_KEY);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(file);
                assertThat(content).as(file.toString()).doesNotContain(relayKey).doesNotContain(UPSTREAM_KEY);
            }
        }
    }

    @Test
    void tokenCountingIsServedByAnAccount() throws Exception {
        upstream.enqueue(new mockwebserver3.MockResponse.Builder()
                .setHeader("Content-Type", "application/json").body("{\"input_tokens\": 42}").build());

        var count = sdk().messages().countTokens(com.anthropic.models.messages.MessageCountTokensParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("How many tokens is this?").build());

        assertThat(count.inputTokens()).isEqualTo(42);
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/v1/messages/count_tokens");
        assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo(UPSTREAM_KEY);
    }

    @Test
    void modelListShowsTheModelsTheKeyMayUseOnItsAccounts() {
        relay.adminCall("PATCH", "/admin/v1/accounts/" + onlyAccountId(), """
                {"models": ["claude-sonnet-4-5", "claude-opus-4-1"], "modelMapping": {"claude-3-7-sonnet-latest": "claude-sonnet-4-5"}}
                """, 200);
        String limitedKey = relay.createKey("{\"name\": \"bob\", \"blockedModels\": [\"claude-opus-4-1\"]}").get("key").asText();
        var bob = AnthropicOkHttpClient.builder().baseUrl(relay.uri() + "/claude").apiKey(limitedKey).maxRetries(0).build();

        var ids = bob.models().list().data().stream().map(com.anthropic.models.models.ModelInfo::id).toList();

        assertThat(ids).containsExactly("claude-3-7-sonnet-latest", "claude-sonnet-4-5");
        assertThat(upstream.getRequestCount()).as("the relay answers the listing itself").isZero();
    }

    @Test
    void theApiAliasServesTheSameAsClaude() throws Exception {
        upstream.enqueue(AnthropicUpstream.message());
        upstream.enqueue(AnthropicUpstream.message());
        var viaAlias = AnthropicOkHttpClient.builder().baseUrl(relay.uri() + "/api").apiKey(relayKey).maxRetries(0).build();

        assertThat(viaAlias.messages().create(params()).id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        var bearer = AnthropicOkHttpClient.builder().baseUrl(relay.uri() + "/api").authToken(relayKey).maxRetries(0).build();
        assertThat(bearer.messages().create(params()).id()).as("the key as Authorization: Bearer").isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(upstream.takeRequest().getTarget()).isEqualTo("/v1/messages");
    }

    @Test
    void anAccountsModelMappingRenamesTheModelUpstreamAndUsageCountsTheUpstreamModel() throws Exception {
        relay.adminCall("PATCH", "/admin/v1/accounts/" + onlyAccountId(), """
                {"modelMapping": {"claude-sonnet-4-5": "claude-sonnet-4-5-20250929"}}
                """, 200);
        upstream.enqueue(AnthropicUpstream.message());

        sdk().messages().create(params());

        String body = upstream.takeRequest().getBody().utf8();
        assertThat(body).contains("\"model\":\"claude-sonnet-4-5-20250929\"").contains("\"Say hello\"");
        JsonNode rows = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode r = relay.adminCall("GET", "/admin/v1/usage?by=model", null, 200).get("rows");
            return r.size() == 1 ? r : null;
        });
        assertThat(rows.get(0).get("group").asText()).isEqualTo("claude-sonnet-4-5-20250929");
    }

    private String onlyAccountId() {
        return relay.adminCall("GET", "/admin/v1/accounts", null, 200).get("items").get(0).get("id").asText();
    }
}
