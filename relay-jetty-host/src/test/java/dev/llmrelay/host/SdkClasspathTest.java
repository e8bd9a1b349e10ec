package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI and Google Gen AI Java SDKs work on this test classpath, where OkHttp 5 ({@code okhttp-jvm}
 * 5.x, with the SDKs' {@code okhttp} 4.12.0 managed down to the empty 5.x stub) stands in for the OkHttp 4 they are
 * built against. Each SDK talks to a MockWebServer with canned answers; the tests check both what the SDK parsed
 * and what it sent.
 *
 * <p>What the SDKs send (recorded here with openai-java 4.101.0 and google-genai 2.0.0, base URL = the mock):
 *
 * <pre>
 * openai-java 4.101.0, baseUrl(".../v1"), apiKey("sk-..."):
 *   POST /v1/chat/completions                      chat().completions().create
 *   POST /v1/chat/completions  body has "stream":true   chat().completions().createStreaming
 *                                                  (plus Accept: text/event-stream; no Accept header otherwise)
 *   POST /v1/responses                             responses().create
 *   Headers on all three:
 *     Authorization: Bearer sk-...                 (no x-api-key, no OpenAI-Organization/Project unless set)
 *     User-Agent: OpenAIClientImpl/Java 4.101.0
 *     X-Stainless-Lang: java, X-Stainless-Package-Version: 4.101.0, X-Stainless-Runtime: JRE,
 *     X-Stainless-Runtime-Version, X-Stainless-Kotlin-Version, X-Stainless-OS, X-Stainless-OS-Version,
 *     X-Stainless-Arch, X-Stainless-Retry-Count: 0, X-Stainless-Timeout and X-Stainless-Read-Timeout (seconds)
 *     Content-Type: application/json, Accept-Encoding: gzip
 *   The SDK appends the path to the base URL as given: the "/v1" belongs in baseUrl (its default is
 *   https://api.openai.com/v1).
 *
 * google-genai 2.0.0, Client.builder().apiKey("AIza...").httpOptions(baseUrl(".../")):
 *   POST /v1/models/gemini-2.5-flash:generateContent                 models.generateContent
 *   POST /v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse   models.generateContentStream
 *   The Gemini API version is "v1" by default in 2.0.0, not "v1beta": /v1beta/... only with
 *   HttpOptions.apiVersion("v1beta") (or GOOGLE_GENAI_API_VERSION=v1beta). A relay must accept both.
 *   Headers on both:
 *     x-goog-api-key: AIza...                      (no Authorization header, no ?key= query parameter)
 *     user-agent: google-genai-sdk/2.0.0 gl-java/&lt;java.version&gt;
 *     x-goog-api-client: google-genai-sdk/2.0.0 gl-java/&lt;java.version&gt;
 *     Content-Type: application/json; charset=utf-8, Accept-Encoding: gzip   (no Accept header, even streaming)
 *   Body: {"contents":[{"parts":[{"text":"hi"}],"role":"user"}]}
 *   The stream is read as SSE "data: {...}" lines, one GenerateContentResponse each; no "[DONE]" terminator.
 * </pre>
 */
class SdkClasspathTest {
    private final MockWebServer upstream = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        upstream.start();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
    }

    private static MockResponse sse(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    @Test
    void openAiChatStreamingAndResponsesAgainstTheMock() throws Exception {
        upstream.enqueue(json("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from mock","refusal":null},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}
                """));
        upstream.enqueue(sse("""
                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}

                data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}

                data: [DONE]

                """));
        upstream.enqueue(json("""
                {"id":"resp_1","object":"response","created_at":1700000000,"status":"completed","model":"gpt-4o-mini",
                 "output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant",
                            "content":[{"type":"output_text","text":"Hi from responses","annotations":[]}]}],
                 "parallel_tool_calls":true,"tool_choice":"auto","tools":[],"error":null,"incomplete_details":null,
                 "instructions":null,"metadata":{},"temperature":1.0,"top_p":1.0,
                 "usage":{"input_tokens":4,"input_tokens_details":{"cached_tokens":0},"output_tokens":3,
                          "output_tokens_details":{"reasoning_tokens":0},"total_tokens":7}}
                """));

        OpenAIClient client = OpenAIOkHttpClient.builder()
                .apiKey("sk-test-openai")
                .baseUrl(upstream.url("/v1").toString())
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("hi")
                .build();

        ChatCompletion completion = client.chat().completions().create(params);
        assertThat(completion.id()).isEqualTo("chatcmpl-1");
        assertThat(completion.choices().getFirst().message().content()).contains("Hello from mock");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(8);

        String streamed;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            streamed = stream.stream()
                    .flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse(""))
                    .collect(Collectors.joining());
        }
        assertThat(streamed).isEqualTo("Hello");

        Response response = client.responses().create(ResponseCreateParams.builder()
                .model("gpt-4o-mini")
                .input("hi")
                .build());
        assertThat(response.id()).isEqualTo("resp_1");
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(3);
        assertThat(response.output().getFirst().asMessage().content().getFirst().asOutputText().text())
                .isEqualTo("Hi from responses");

        RecordedRequest chat = upstream.takeRequest();
        RecordedRequest chatStream = upstream.takeRequest();
        RecordedRequest responses = upstream.takeRequest();
        assertThat(chat.getMethod()).isEqualTo("POST");
        assertThat(chat.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(chat.getBody().utf8()).contains("\"model\":\"gpt-4o-mini\"").doesNotContain("\"stream\"");
        assertThat(chatStream.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(chatStream.getBody().utf8()).contains("\"stream\":true");
        assertThat(chatStream.getHeaders().get("Accept")).isEqualTo("text/event-stream");
        assertThat(responses.getTarget()).isEqualTo("/v1/responses");
        assertThat(responses.getBody().utf8()).contains("\"input\":\"hi\"");
        for (RecordedRequest recorded : List.of(chat, chatStream, responses)) {
            Headers headers = recorded.getHeaders();
            assertThat(headers.get("Authorization")).isEqualTo("Bearer sk-test-openai");
            assertThat(headers.get("x-api-key")).isNull();
            assertThat(headers.get("User-Agent")).isEqualTo("OpenAIClientImpl/Java 4.101.0");
            assertThat(headers.get("X-Stainless-Lang")).isEqualTo("java");
            assertThat(headers.get("X-Stainless-Package-Version")).isEqualTo("4.101.0");
            assertThat(headers.get("X-Stainless-Retry-Count")).isEqualTo("0");
            assertThat(headers.get("Content-Type")).isEqualTo("application/json");
        }
    }

    private static final String GEMINI_ANSWER = """
            {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello from Gemini mock"}]},
                            "finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":4,"totalTokenCount":6},
             "modelVersion":"gemini-2.5-flash","responseId":"resp-g-1"}
            """;

    @Test
    void googleGenAiGeneratesAndStreamsAgainstTheMock() throws Exception {
        assumeTrue(System.getenv("GOOGLE_GENAI_API_VERSION") == null, "GOOGLE_GENAI_API_VERSION changes the path");
        upstream.enqueue(json(GEMINI_ANSWER));
        upstream.enqueue(sse("""
                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}],"modelVersion":"gemini-2.5-flash"}

                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":2,"totalTokenCount":4},"modelVersion":"gemini-2.5-flash"}

                """));

        List<String> parts = new ArrayList<>();
        try (Client client = Client.builder()
                .apiKey("AIza-test-google")
                .httpOptions(HttpOptions.builder().baseUrl(upstream.url("/").toString()).build())
                .build()) {
            GenerateContentResponse answer = client.models.generateContent("gemini-2.5-flash", "hi", null);
            assertThat(answer.text()).isEqualTo("Hello from Gemini mock");
            assertThat(answer.responseId()).contains("resp-g-1");
            assertThat(answer.usageMetadata().orElseThrow().totalTokenCount()).contains(6);

            try (ResponseStream<GenerateContentResponse> stream =
                         client.models.generateContentStream("gemini-2.5-flash", "hi", null)) {
                for (GenerateContentResponse chunk : stream) {
                    parts.add(chunk.text());
                }
            }
        }
        assertThat(parts).containsExactly("Hel", "lo");

        RecordedRequest plain = upstream.takeRequest();
        RecordedRequest streaming = upstream.takeRequest();
        assertThat(plain.getMethod()).isEqualTo("POST");
        assertThat(plain.getTarget()).isEqualTo("/v1/models/gemini-2.5-flash:generateContent");
        assertThat(streaming.getTarget()).isEqualTo("/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        String sdk = "google-genai-sdk/2.0.0 gl-java/" + System.getProperty("java.version");
        for (RecordedRequest recorded : List.of(plain, streaming)) {
            Headers headers = recorded.getHeaders();
            assertThat(headers.get("x-goog-api-key")).isEqualTo("AIza-test-google");
            assertThat(headers.get("Authorization")).isNull();
            assertThat(headers.get("user-agent")).isEqualTo(sdk);
            assertThat(headers.get("x-goog-api-client")).isEqualTo(sdk);
            assertThat(headers.get("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(recorded.getBody().utf8())
                    .isEqualTo("{\"contents\":[{\"parts\":[{\"text\":\"hi\"}],\"role\":\"user\"}]}");
        }

        upstream.enqueue(json(GEMINI_ANSWER));
        try (Client beta = Client.builder()
                .apiKey("AIza-test-google")
                .httpOptions(HttpOptions.builder().baseUrl(upstream.url("/").toString()).apiVersion("v1beta").build())
                .build()) {
            assertThat(beta.models.generateContent("gemini-2.5-flash", "hi", null).text())
                    .isEqualTo("Hello from Gemini mock");
        }
        assertThat(upstream.takeRequest().getTarget()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
    }
}
