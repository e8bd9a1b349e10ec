package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each provider's route, passed through to an account of the same protocol, streaming and not. */
class ProviderRoutesTest {
    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private final HttpClient http = HttpClient.newHttpClient();
    private RelayHarness relay;
    private String key;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        relay = RelayHarness.start(dataDir);
        key = relay.issueKey("alice");
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.close();
        http.close();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        var builder = HttpRequest.newBuilder(relay.uri().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        var builder = HttpRequest.newBuilder(relay.uri().resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse sse(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    private JsonNode usageRow(String by) {
        return Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode rows = relay.adminCall("GET", "/admin/v1/usage?by=" + by, null, 200).get("rows");
            return rows.isEmpty() ? null : rows.get(0);
        });
    }

    private static void assertNoRelayCredential(RecordedRequest recorded, String relayKey) {
        assertThat(recorded.getHeaders().toString()).doesNotContain(relayKey);
        assertThat(recorded.getTarget()).doesNotContain(relayKey);
    }

    @Test
    void openAiChatPassesThroughWithTheAccountsBearerKey() throws Exception {
        relay.createAccount("""
                {"name": "oa", "platform": "openai", "kind": "api-key", "apiKey": "sk-openai-upstream", "baseUrl": "%s"}
                """.formatted(upstream.url("/v1")));
        upstream.enqueue(json("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4.1","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":4,"total_tokens":24,"prompt_tokens_details":{"cached_tokens":8}}}"""));

        HttpResponse<String> response = post("/openai/v1/chat/completions",
                "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + key, "OpenAI-Organization", "org-of-the-client");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Hi there");
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("authorization")).isEqualTo("Bearer sk-openai-upstream");
        assertThat(recorded.getHeaders().get("openai-organization")).as("the account's business, not the client's").isNull();
        assertNoRelayCredential(recorded, key);
        JsonNode row = usageRow("model");
        assertThat(row.get("inputTokens").asLong()).isEqualTo(12);
        assertThat(row.get("cacheReadTokens").asLong()).isEqualTo(8);
        assertThat(row.get("outputTokens").asLong()).isEqualTo(4);
    }

    @Test
    void openAiChatStreamEndsAtDoneAndCountsTheUsageChunk() throws Exception {
        relay.createAccount("""
                {"name": "oa", "platform": "openai", "kind": "api-key", "apiKey": "sk-openai-upstream", "baseUrl": "%s"}
                """.formatted(upstream.url("/v1")));
        upstream.enqueue(sse("""
                data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}

                data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel"}}]}

                data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}

                data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}

                data: [DONE]

                """));

        HttpResponse<String> response = post("/openai/v1/chat/completions",
                "{\"model\":\"gpt-4.1\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + key);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(dataLines(response.body())).hasSize(5).last().isEqualTo("[DONE]");
        assertThat(response.body()).doesNotContain("event:");
        assertThat(usageRow("key").get("outputTokens").asLong()).isEqualTo(2);
    }

    @Test
    void openAiResponsesStreamEndsAtResponseCompleted() throws Exception {
        relay.createAccount("""
                {"name": "oa", "platform": "openai", "kind": "api-key", "apiKey": "sk-openai-upstream", "baseUrl": "%s"}
                """.formatted(upstream.url("/v1")));
        upstream.enqueue(sse("""
                event: response.created
                data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","output":[]}}

                event: response.output_text.delta
                data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi"}

                event: response.completed
                data: {"type":"response.completed","sequence_number":2,"response":{"id":"resp_1","status":"completed","output":[],"usage":{"input_tokens":30,"input_tokens_details":{"cached_tokens":10},"output_tokens":5,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":35}}}

                """));

        HttpResponse<String> response = post("/openai/v1/responses",
                "{\"model\":\"gpt-5-codex\",\"stream\":true,\"input\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + key, "session_id", "codex-session-1", "originator", "codex_cli_rs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(eventNames(response.body())).containsExactly("response.created", "response.output_text.delta",
                "response.completed");
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/v1/responses");
        assertThat(recorded.getHeaders().get("session_id")).isEqualTo("codex-session-1");
        assertThat(recorded.getHeaders().get("originator")).isEqualTo("codex_cli_rs");
        JsonNode row = usageRow("key");
        assertThat(row.get("inputTokens").asLong()).isEqualTo(20);
        assertThat(row.get("cacheReadTokens").asLong()).isEqualTo(10);
    }

    @Test
    void anOpenAiCompatibleAccountServesAnyModelAtItsOwnBaseUrl() throws Exception {
        relay.createAccount("""
                {"name": "local-llm", "platform": "openai-compatible", "kind": "api-key", "apiKey": "sk-local",
                 "baseUrl": "%s"}""".formatted(upstream.url("/compat/api/v1")));
        upstream.enqueue(json("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}"));

        HttpResponse<String> response = post("/openai/v1/chat/completions",
                "{\"model\":\"qwen3-coder\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + key);

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/compat/api/v1/chat/completions");
        assertThat(recorded.getHeaders().get("authorization")).isEqualTo("Bearer sk-local");
    }

    @Test
    void geminiGenerateContentPutsTheApiKeyInXGoogApiKey() throws Exception {
        relay.createAccount("""
                {"name": "g", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-upstream", "baseUrl": "%s"}
                """.formatted(upstream.url("/")));
        upstream.enqueue(json("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"}]},"finishReason":"STOP"}],
                 "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":3,"thoughtsTokenCount":4,"totalTokenCount":16}}"""));

        HttpResponse<String> response = post("/gemini/v1beta/models/gemini-2.5-flash:generateContent",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}", "x-goog-api-key", key);

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-upstream");
        assertNoRelayCredential(recorded, key);
        JsonNode row = usageRow("model");
        assertThat(row.get("group").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(row.get("outputTokens").asLong()).isEqualTo(7);
    }

    @Test
    void geminiStreamUsesAltSseAndEndsWhenTheUpstreamEnds() throws Exception {
        relay.createAccount("""
                {"name": "g", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-upstream", "baseUrl": "%s"}
                """.formatted(upstream.url("/")));
        upstream.enqueue(sse("""
                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]}}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1}}

                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2}}

                """));

        HttpResponse<String> response = post("/gemini/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse&key=" + key,
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(dataLines(response.body())).hasSize(2);
        assertThat(response.body()).doesNotContain("error");
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        assertThat(usageRow("key").get("outputTokens").asLong()).isEqualTo(2);
    }

    @Test
    void codeAssistCallsGoToAnOAuthGeminiAccountWithItsBearerToken() throws Exception {
        relay.createAccount("""
                {"name": "gca", "platform": "gemini", "kind": "oauth", "oauth": {"accessToken": "ya29.upstream"},
                 "baseUrl": "%s"}""".formatted(upstream.url("/")));
        upstream.enqueue(json("{\"currentTier\":{\"id\":\"free-tier\"},\"cloudaicompanionProject\":\"proj-1\"}"));
        upstream.enqueue(json("""
                {"response":{"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"}]},"finishReason":"STOP"}],
                 "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":1}},"traceId":"t1"}"""));

        HttpResponse<String> setup = post("/gemini/v1internal:loadCodeAssist",
                "{\"metadata\":{\"pluginType\":\"GEMINI\"}}", "Authorization", "Bearer " + key);
        HttpResponse<String> generate = post("/gemini/v1internal:generateContent", """
                {"model":"gemini-2.5-pro","project":"proj-1","request":{"contents":[{"role":"user","parts":[{"text":"hi"}]}],
                 "session_id":"gemini-cli-session"}}""", "Authorization", "Bearer " + key);

        assertThat(setup.statusCode()).isEqualTo(200);
        assertThat(generate.statusCode()).isEqualTo(200);
        assertThat(upstream.takeRequest().getTarget()).isEqualTo("/v1internal:loadCodeAssist");
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/v1internal:generateContent");
        assertThat(recorded.getHeaders().get("authorization")).isEqualTo("Bearer ya29.upstream");
    }

    @Test
    void droidRoutesGoToFactoryPathsWithItsClientHeaders() throws Exception {
        relay.createAccount("""
                {"name": "factory", "platform": "droid", "kind": "api-key", "apiKey": "fk-upstream", "baseUrl": "%s"}
                """.formatted(upstream.url("/api/llm")));
        upstream.enqueue(new MockResponse.Builder(AnthropicUpstream.message()).build());
        upstream.enqueue(json("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\",\"output\":[],"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1,\"total_tokens\":4}}"));

        HttpResponse<String> anthropic = post("/droid/claude/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", key);
        HttpResponse<String> responses = post("/droid/openai/v1/responses",
                "{\"model\":\"gpt-5-codex\",\"input\":\"hi\"}", "Authorization", "Bearer " + key);

        assertThat(anthropic.statusCode()).isEqualTo(200);
        assertThat(responses.statusCode()).isEqualTo(200);
        RecordedRequest first = upstream.takeRequest();
        assertThat(first.getTarget()).isEqualTo("/api/llm/a/v1/messages");
        assertThat(first.getHeaders().get("authorization")).isEqualTo("Bearer fk-upstream");
        assertThat(first.getHeaders().get("x-api-provider")).isEqualTo("anthropic");
        assertThat(first.getHeaders().get("x-factory-client")).isEqualTo("cli");
        assertThat(first.getHeaders().get("x-session-id")).isNotBlank();
        assertThat(first.getHeaders().get("x-api-key")).isNull();
        RecordedRequest second = upstream.takeRequest();
        assertThat(second.getTarget()).isEqualTo("/api/llm/o/v1/responses");
        assertThat(second.getHeaders().get("x-api-provider")).isEqualTo("openai");
    }

    @Test
    void modelListsComeInEachProtocolsShape() throws Exception {
        relay.createAccount("""
                {"name": "oa", "platform": "openai", "kind": "api-key", "apiKey": "sk-1", "models": ["gpt-4.1", "o3"]}""");
        relay.createAccount("""
                {"name": "g", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-1", "models": ["gemini-2.5-pro"]}""");

        JsonNode openAi = relay.parse(get("/openai/v1/models", "Authorization", "Bearer " + key).body());
        JsonNode gemini = relay.parse(get("/gemini/v1beta/models", "x-goog-api-key", key).body());

        assertThat(openAi.get("object").asText()).isEqualTo("list");
        assertThat(openAi.get("data")).extracting(node -> node.get("id").asText()).containsExactly("gpt-4.1", "o3");
        assertThat(openAi.get("data").get(0).get("object").asText()).isEqualTo("model");
        assertThat(gemini.get("models")).extracting(node -> node.get("name").asText()).containsExactly("models/gemini-2.5-pro");
    }

    @Test
    void aKeyWithoutTheServiceIsRefusedInTheClientsOwnShape() throws Exception {
        String claudeOnly = relay.createKey("{\"name\": \"c\", \"services\": [\"claude\"]}").get("key").asText();

        HttpResponse<String> openAi = post("/openai/v1/chat/completions",
                "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization", "Bearer " + claudeOnly);
        HttpResponse<String> gemini = post("/gemini/v1beta/models/gemini-2.5-pro:generateContent",
                "{\"contents\":[]}", "x-goog-api-key", claudeOnly);

        assertThat(openAi.statusCode()).isEqualTo(403);
        assertThat(relay.parse(openAi.body()).get("error").get("message").asText()).contains("openai");
        assertThat(gemini.statusCode()).isEqualTo(403);
        assertThat(relay.parse(gemini.body()).get("error").get("status").asText()).isEqualTo("PERMISSION_DENIED");
    }

    private static List<String> dataLines(String body) {
        var lines = new ArrayList<String>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                lines.add(line.substring(6));
            }
        }
        return lines;
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
