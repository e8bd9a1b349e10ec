package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.responses.ResponseCreateParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients of other protocols served by a Claude account, through the shipped translators. */
class TranslatedRoutesTest {
    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private RelayHarness relay;
    private String key;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        relay = RelayHarness.start(dataDir);
        relay.createAccount("""
                {"name": "claude", "platform": "claude", "kind": "api-key", "apiKey": "sk-ant-upstream",
                 "baseUrl": "%s", "models": ["claude-sonnet-4-5"]}""".formatted(upstream.url("/")));
        key = relay.issueKey("polyglot");
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.close();
    }

    @Test
    void theGoogleSdkIsServedByAClaudeAccountWholeAndStreamed() throws Exception {
        upstream.enqueue(AnthropicUpstream.message());
        upstream.enqueue(AnthropicUpstream.stream());

        String whole;
        List<String> parts = new ArrayList<>();
        try (Client client = Client.builder().apiKey(key)
                .httpOptions(HttpOptions.builder().baseUrl(relay.uri() + "/gemini").build()).build()) {
            whole = client.models.generateContent("claude-sonnet-4-5", "Say hello", null).text();
            try (ResponseStream<GenerateContentResponse> stream =
                         client.models.generateContentStream("claude-sonnet-4-5", "Say hello", null)) {
                for (GenerateContentResponse chunk : stream) {
                    if (chunk.text() != null) {
                        parts.add(chunk.text());
                    }
                }
            }
        }

        assertThat(whole).isEqualTo("Hello from upstream!");
        assertThat(String.join("", parts)).isEqualTo("Hello, wörld 🌍");
        RecordedRequest first = upstream.takeRequest();
        assertThat(first.getTarget()).isEqualTo("/v1/messages");
        assertThat(first.getHeaders().get("x-api-key")).isEqualTo("sk-ant-upstream");
        assertThat(first.getBody().utf8()).contains("\"model\":\"claude-sonnet-4-5\"").contains("\"max_tokens\"")
                .contains("Say hello");
        assertThat(upstream.takeRequest().getBody().utf8()).contains("\"stream\":true");
    }

    @Test
    void theOpenAiSdksResponsesApiIsServedByAClaudeAccount() throws Exception {
        upstream.enqueue(AnthropicUpstream.message());
        var client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(relay.uri() + "/openai/v1").maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();

        var response = client.responses().create(ResponseCreateParams.builder()
                .model("claude-sonnet-4-5").input("Say hello").build());

        assertThat(response.output().getFirst().asMessage().content().getFirst().asOutputText().text())
                .isEqualTo("Hello from upstream!");
        assertThat(response.usage().orElseThrow().inputTokens()).as("input + cache write + cache read")
                .isEqualTo(12 + 100 + 40);
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo("/v1/messages");
        assertThat(recorded.getBody().utf8()).contains("Say hello");
    }

    @Test
    void theOpenAiSdksChatIsServedByAClaudeAccountWithTheUsageChunkItAskedFor() throws Exception {
        upstream.enqueue(AnthropicUpstream.stream());
        var client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(relay.uri() + "/openai/v1").maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
        var params = com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("Say hello")
                .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder()
                        .includeUsage(true).build())
                .build();

        var text = new StringBuilder();
        var usage = new java.util.concurrent.atomic.AtomicLong(-1);
        try (var stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> usage.set(u.completionTokens()));
            });
        }

        assertThat(text.toString()).isEqualTo("Hello, wörld 🌍");
        assertThat(usage.get()).isEqualTo(15);
        assertThat(upstream.takeRequest().getBody().utf8()).contains("\"stream\":true").contains("\"max_tokens\"");
    }

    @Test
    void theAnthropicSdkIsServedByAnOpenAiCompatibleAccount() throws Exception {
        try (var local = new MockWebServer()) {
            local.enqueue(new mockwebserver3.MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                    {"id":"chatcmpl-9","object":"chat.completion","created":1,"model":"qwen3-coder",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"Hi from a local model"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":11,"completion_tokens":5,"total_tokens":16}}""").build());
            local.start();
            relay.createAccount("""
                    {"name": "local", "platform": "openai-compatible", "kind": "api-key", "apiKey": "sk-local",
                     "baseUrl": "%s", "models": ["qwen3-coder"]}""".formatted(local.url("/v1")));
            var anthropic = com.anthropic.client.okhttp.AnthropicOkHttpClient.builder()
                    .baseUrl(relay.uri() + "/claude").apiKey(key).maxRetries(0).build();

            var message = anthropic.messages().create(com.anthropic.models.messages.MessageCreateParams.builder()
                    .model("qwen3-coder").maxTokens(100).addUserMessage("hi").build());

            assertThat(message.content().getFirst().asText().text()).isEqualTo("Hi from a local model");
            assertThat(message.usage().outputTokens()).isEqualTo(5);
            RecordedRequest recorded = local.takeRequest();
            assertThat(recorded.getTarget()).isEqualTo("/v1/chat/completions");
            assertThat(recorded.getHeaders().get("authorization")).isEqualTo("Bearer sk-local");
            assertThat(recorded.getBody().utf8()).contains("\"max_completion_tokens\":100");
        }
    }

    @Test
    void theAnthropicSdkIsServedByAGeminiAccountWholeAndStreamed() throws Exception {
        try (var google = new MockWebServer()) {
            google.enqueue(new mockwebserver3.MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi from Gemini"}]},"finishReason":"STOP"}],
                     "usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":3,"totalTokenCount":12}}""").build());
            google.enqueue(new mockwebserver3.MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body("""
                    data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Stre"}]}}]}

                    data: {"candidates":[{"content":{"role":"model","parts":[{"text":"amed"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":2}}

                    """).build());
            google.start();
            relay.createAccount("""
                    {"name": "gemini", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-upstream",
                     "baseUrl": "%s", "models": ["gemini-2.5-pro"]}""".formatted(google.url("/")));
            var anthropic = com.anthropic.client.okhttp.AnthropicOkHttpClient.builder()
                    .baseUrl(relay.uri() + "/claude").apiKey(key).maxRetries(0).build();
            var params = com.anthropic.models.messages.MessageCreateParams.builder()
                    .model("gemini-2.5-pro").maxTokens(200).addUserMessage("hi").build();

            var whole = anthropic.messages().create(params);
            var accumulator = com.anthropic.helpers.MessageAccumulator.create();
            try (var stream = anthropic.messages().createStreaming(params)) {
                stream.stream().forEach(accumulator::accumulate);
            }

            assertThat(whole.content().getFirst().asText().text()).isEqualTo("Hi from Gemini");
            assertThat(accumulator.message().content().getFirst().asText().text()).isEqualTo("Streamed");
            RecordedRequest first = google.takeRequest();
            assertThat(first.getTarget()).isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
            assertThat(first.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-upstream");
            assertThat(first.getBody().utf8()).contains("\"maxOutputTokens\":200").doesNotContain("\"model\"");
            assertThat(google.takeRequest().getTarget())
                    .isEqualTo("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        }
    }
}
