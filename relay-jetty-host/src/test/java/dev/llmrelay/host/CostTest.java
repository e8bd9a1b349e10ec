package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.pricing.PriceTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What requests cost and how usage adds up, through the relay: Claude with 5-minute and 1-hour cache writes and
 * cache reads, OpenAI with cached input and reasoning, Gemini with cached content and thoughts, each against a
 * figure worked out by hand from the list prices; and totals by key, account and model that are the sums of
 * the requests made.
 */
class CostTest {
    /** claude-sonnet-4-5: 1000 × $3 + 2000 × $3.75 + 1000 × $6 + 10000 × $0.30 + 500 × $15 = $27,000 per million. */
    private static final double SONNET_COST = 0.027;
    /** claude-opus-4-8: 2000 × $5 + 4000 × $10 (1h) + 50000 × $0.50 + 1200 × $25 = $105,000 per million. */
    private static final double OPUS_COST = 0.105;
    /** gpt-5: (10000 − 2000) × $1.25 + 2000 × $0.125 + 1000 × $10 = $20,250 per million. */
    private static final double GPT5_COST = 0.02025;
    /** gemini-2.5-pro: (150000 − 50000) × $1.25 + 50000 × $0.125 + (4000 + 1000) × $10 = $181,250 per million. */
    private static final double GEMINI_COST = 0.18125;

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private RelayHarness relay;
    private RelayClient client;
    private final Map<String, String> accounts = new HashMap<>();
    private String alice;
    private String aliceId;
    private String bob;
    private String bobId;

    @BeforeEach
    void start() throws Exception {
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answerTo(request);
            }
        });
        upstream.start();
        relay = RelayHarness.start(dataDir);
        accounts.put("claude", relay.createClaudeAccount("claude-acc", "sk-ant-upstream", upstream.url("/").toString()));
        accounts.put("openai", relay.createAccount("""
                {"name": "openai-acc", "platform": "openai", "kind": "api-key", "apiKey": "sk-openai", "baseUrl": "%s"}
                """.formatted(upstream.url("/v1"))));
        accounts.put("gemini", relay.createAccount("""
                {"name": "gemini-acc", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-upstream", "baseUrl": "%s"}
                """.formatted(upstream.url("/"))));
        JsonNode aliceKey = relay.createKey("{\"name\": \"alice\"}");
        alice = aliceKey.get("key").asText();
        aliceId = aliceKey.get("id").asText();
        JsonNode bobKey = relay.createKey("{\"name\": \"bob\"}");
        bob = bobKey.get("key").asText();
        bobId = bobKey.get("id").asText();
        client = new RelayClient(relay.uri());
    }

    @AfterEach
    void stop() {
        client.close();
        relay.close();
        upstream.close();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse answerTo(RecordedRequest request) {
        String path = request.getTarget();
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        if (path.startsWith("/v1/messages") && body.contains("claude-opus-4-8")) {
            return json("""
                    {"id":"msg_opus","type":"message","role":"assistant","model":"claude-opus-4-8",
                     "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,
                     "usage":{"input_tokens":2000,"cache_creation_input_tokens":4000,"cache_read_input_tokens":50000,
                              "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":4000},
                              "output_tokens":1200}}""");
        }
        if (path.startsWith("/v1/messages")) {
            return json("""
                    {"id":"msg_sonnet","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                     "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,
                     "usage":{"input_tokens":1000,"cache_creation_input_tokens":3000,"cache_read_input_tokens":10000,
                              "cache_creation":{"ephemeral_5m_input_tokens":2000,"ephemeral_1h_input_tokens":1000},
                              "output_tokens":500}}""");
        }
        if (path.startsWith("/v1/chat/completions")) {
            return json("""
                    {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-5-2025-08-07",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":10000,"completion_tokens":1000,"total_tokens":11000,
                              "prompt_tokens_details":{"cached_tokens":2000},
                              "completion_tokens_details":{"reasoning_tokens":600}}}""");
        }
        if (path.startsWith("/v1beta/models/gemini-2.5-pro:generateContent")) {
            return json("""
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP"}],
                     "usageMetadata":{"promptTokenCount":150000,"cachedContentTokenCount":50000,
                                      "candidatesTokenCount":4000,"thoughtsTokenCount":1000,"totalTokenCount":155000},
                     "modelVersion":"gemini-2.5-pro"}""");
        }
        return new MockResponse.Builder().code(404).body("unexpected " + path).build();
    }

    private void makeTheRequests() {
        assertThat(client.claude(alice, "claude-sonnet-4-5-20250929").statusCode()).isEqualTo(200);
        assertThat(client.claude(alice, "claude-opus-4-8").statusCode()).isEqualTo(200);
        assertThat(client.post("/openai/v1/chat/completions",
                "{\"model\": \"gpt-5\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "Authorization", "Bearer " + bob).statusCode()).isEqualTo(200);
        assertThat(client.post("/gemini/v1beta/models/gemini-2.5-pro:generateContent",
                "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"hi\"}]}]}",
                "x-goog-api-key", bob).statusCode()).isEqualTo(200);
        assertThat(client.claude(alice, "claude-sonnet-4-5-20250929").statusCode()).isEqualTo(200);
    }

    /** Usage rows by {@code by}, keyed by group, once all five requests are recorded. */
    private Map<String, JsonNode> rows(String by) {
        return Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode rows = relay.adminCall("GET", "/admin/v1/usage?by=" + by, null, 200).get("rows");
            Map<String, JsonNode> byGroup = new HashMap<>();
            long requests = 0;
            for (JsonNode row : rows) {
                byGroup.put(row.get("group").asText(), row);
                requests += row.get("requests").asLong();
            }
            return requests == 5 ? byGroup : null;
        });
    }

    private static void assertRow(JsonNode row, long requests, long input, long output, long cacheWrite, long cacheRead,
                                  double cost) {
        assertThat(row.get("requests").asLong()).isEqualTo(requests);
        assertThat(row.get("inputTokens").asLong()).isEqualTo(input);
        assertThat(row.get("outputTokens").asLong()).isEqualTo(output);
        assertThat(row.get("cacheWriteTokens").asLong()).isEqualTo(cacheWrite);
        assertThat(row.get("cacheReadTokens").asLong()).isEqualTo(cacheRead);
        assertThat(row.get("costUsd").asDouble()).isCloseTo(cost, within(1e-9));
    }

    @Test
    void eachModelsRequestCostsWhatItsListPricesSay() {
        makeTheRequests();

        Map<String, JsonNode> byModel = rows("model");

        assertRow(byModel.get("claude-sonnet-4-5-20250929"), 2, 2_000, 1_000, 6_000, 20_000, 2 * SONNET_COST);
        assertRow(byModel.get("claude-opus-4-8"), 1, 2_000, 1_200, 4_000, 50_000, OPUS_COST);
        assertRow(byModel.get("gpt-5"), 1, 8_000, 1_000, 0, 2_000, GPT5_COST);
        assertRow(byModel.get("gemini-2.5-pro"), 1, 100_000, 5_000, 0, 50_000, GEMINI_COST);
    }

    @Test
    void totalsByKeyAccountAndModelAreTheSumsOfTheRequestsMade() {
        makeTheRequests();

        Map<String, JsonNode> byKey = rows("key");
        Map<String, JsonNode> byAccount = rows("account");
        Map<String, JsonNode> byModel = rows("model");

        assertThat(byKey).containsOnlyKeys(aliceId, bobId);
        assertRow(byKey.get(aliceId), 3, 4_000, 2_200, 10_000, 70_000, 2 * SONNET_COST + OPUS_COST);
        assertRow(byKey.get(bobId), 2, 108_000, 6_000, 0, 52_000, GPT5_COST + GEMINI_COST);
        assertThat(byAccount).containsOnlyKeys(accounts.values());
        assertRow(byAccount.get(accounts.get("claude")), 3, 4_000, 2_200, 10_000, 70_000, 2 * SONNET_COST + OPUS_COST);
        assertRow(byAccount.get(accounts.get("openai")), 1, 8_000, 1_000, 0, 2_000, GPT5_COST);
        assertRow(byAccount.get(accounts.get("gemini")), 1, 100_000, 5_000, 0, 50_000, GEMINI_COST);
        double allByModel = byModel.values().stream().mapToDouble(row -> row.get("costUsd").asDouble()).sum();
        double allByKey = byKey.values().stream().mapToDouble(row -> row.get("costUsd").asDouble()).sum();
        assertThat(allByModel).isCloseTo(allByKey, within(1e-9));
        assertThat(allByKey).isCloseTo(2 * SONNET_COST + OPUS_COST + GPT5_COST + GEMINI_COST, within(1e-9));
    }

    @Test
    void aKeySeesItsOwnSpendAtTheSamePrices() {
        makeTheRequests();
        rows("key");

        JsonNode aliceUsage = relay.parse(client.get("/key/v1/usage", "x-api-key", alice).body()).get("usage");
        JsonNode bobUsage = relay.parse(client.get("/key/v1/usage", "x-api-key", bob).body()).get("usage");

        assertThat(aliceUsage.get("total").get("costUsd").asDouble()).isCloseTo(2 * SONNET_COST + OPUS_COST, within(1e-9));
        assertThat(bobUsage.get("today").get("costUsd").asDouble()).isCloseTo(GPT5_COST + GEMINI_COST, within(1e-9));
    }

    @Test
    void theOperatorsPriceFileIsMergedOverTheShippedPrices(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, "{\"models\": {\"claude-sonnet-4-5\": {\"input\": 1, \"output\": 1}, "
                + "\"our-model\": {\"input\": 2, \"output\": 4}}}");

        PriceTable prices = Main.prices(Map.of(Main.PRICES_FILE_VARIABLE, file.toString()));

        assertThat(prices.costUsd("claude-sonnet-4-5-20250929", TokenUsage.of(1_000_000, 0, 0, 0))).isEqualTo(1.0);
        assertThat(prices.costUsd("our-model", TokenUsage.of(0, 1_000_000, 0, 0))).isEqualTo(4.0);
        assertThat(prices.costUsd("gpt-5", TokenUsage.of(1_000_000, 0, 0, 0))).isEqualTo(1.25);
        assertThat(Main.prices(Map.of()).costUsd("claude-sonnet-4-5", TokenUsage.of(100_000, 0, 0, 0)))
                .isCloseTo(0.3, within(1e-12));
    }

    @Test
    void aBrokenPriceFileStopsTheStartNamingTheFileAndField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, "{\"models\": {\"m\": {\"input\": 1, \"outptu\": 2}}}");

        assertThatThrownBy(() -> Main.prices(Map.of(Main.PRICES_FILE_VARIABLE, file.toString())))
                .hasMessageContaining(file.toString()).hasMessageContaining("models.m.outptu");
    }
}
