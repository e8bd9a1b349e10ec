package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI and Google Gen AI Java SDKs as clients of the relay, against MockWebServer upstreams. */
class OfficialSdksThroughRelayTest {
    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private RelayHarness relay;
    private String key;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        relay = RelayHarness.start(dataDir);
        key = relay.issueKey("sdk-user");
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.close();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse sse(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    @Test
    void theOpenAiSdkChatsStreamsAndUsesResponsesThroughTheRelay() throws Exception {
        relay.createAccount("""
                {"name": "oa", "platform": "openai", "kind": "api-key", "apiKey": "sk-upstream-openai", "baseUrl": "%s"}
                """.formatted(upstream.url("/v1")));
        upstream.enqueue(json("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4.1",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello via relay"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}"""));
        upstream.enqueue(sse("""
                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4.1","choices":[{"index":0,"delta":{"role":"assistant","content":"Str"},"finish_reason":null}]}

                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"eamed"},"finish_reason":"stop"}]}

                data: [DONE]

                """));
        upstream.enqueue(json("""
                {"id":"resp_1","object":"response","created_at":1700000000,"status":"completed","model":"gpt-4.1",
                 "output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant",
                            "content":[{"type":"output_text","text":"Responses via relay","annotations":[]}]}],
                 "parallel_tool_calls":true,"tool_choice":"auto","tools":[],"error":null,"incomplete_details":null,
                 "instructions":null,"metadata":{},"temperature":1.0,"top_p":1.0,
                 "usage":{"input_tokens":4,"input_tokens_details":{"cached_tokens":0},"output_tokens":3,
                          "output_tokens_details":{"reasoning_tokens":0},"total_tokens":7}}"""));
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(relay.uri() + "/openai/v1")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        var params = ChatCompletionCreateParams.builder().model("gpt-4.1").addUserMessage("hi").build();

        String whole = client.chat().completions().create(params).choices().getFirst().message().content().orElseThrow();
        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            streamed = stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        }
        var response = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1").input("hi").build());

        assertThat(whole).isEqualTo("Hello via relay");
        assertThat(streamed).isEqualTo("Streamed");
        assertThat(response.output().getFirst().asMessage().content().getFirst().asOutputText().text())
                .isEqualTo("Responses via relay");
        for (String target : List.of("/v1/chat/completions", "/v1/chat/completions", "/v1/responses")) {
            RecordedRequest recorded = upstream.takeRequest();
            assertThat(recorded.getTarget()).isEqualTo(target);
            assertThat(recorded.getHeaders().get("authorization")).isEqualTo("Bearer sk-upstream-openai");
            assertThat(recorded.getHeaders().get("x-stainless-lang")).isEqualTo("java");
            assertThat(recorded.getHeaders().toString()).doesNotContain(key);
        }
    }

    @Test
    void theGoogleGenAiSdkGeneratesAndStreamsThroughTheRelayOnItsDefaultV1Path() throws Exception {
        relay.createAccount("""
                {"name": "g", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-upstream", "baseUrl": "%s"}
                """.formatted(upstream.url("/")));
        upstream.enqueue(json("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Gemini via relay"}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":4,"totalTokenCount":6},"modelVersion":"gemini-2.5-flash"}"""));
        upstream.enqueue(sse("""
                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}]}

                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":2,"totalTokenCount":4}}

                """));

        List<String> parts = new ArrayList<>();
        String whole;
        try (Client client = Client.builder().apiKey(key)
                .httpOptions(HttpOptions.builder().baseUrl(relay.uri() + "/gemini").build()).build()) {
            whole = client.models.generateContent("gemini-2.5-flash", "hi", null).text();
            try (ResponseStream<GenerateContentResponse> stream =
                         client.models.generateContentStream("gemini-2.5-flash", "hi", null)) {
                for (GenerateContentResponse chunk : stream) {
                    parts.add(chunk.text());
                }
            }
        }

        assertThat(whole).isEqualTo("Gemini via relay");
        assertThat(parts).containsExactly("Hel", "lo");
        RecordedRequest plain = upstream.takeRequest();
        assertThat(plain.getTarget()).isEqualTo("/v1/models/gemini-2.5-flash:generateContent");
        assertThat(plain.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-upstream");
        assertThat(plain.getHeaders().get("x-goog-api-client")).startsWith("google-genai-sdk/");
        assertThat(upstream.takeRequest().getTarget()).isEqualTo("/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        JsonNode row = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode rows = relay.adminCall("GET", "/admin/v1/usage?by=model", null, 200).get("rows");
            return rows.isEmpty() || rows.get(0).get("requests").asLong() < 2 ? null : rows.get(0);
        });
        assertThat(row.get("outputTokens").asLong()).isEqualTo(6);
    }
}
