package dev.llmrelay.host;

import static dev.llmrelay.host.WeatherToolUpstreams.ANSWER;
import static dev.llmrelay.host.WeatherToolUpstreams.QUESTION;
import static dev.llmrelay.host.WeatherToolUpstreams.TOOL;
import static dev.llmrelay.host.WeatherToolUpstreams.TOOL_RESULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ClientException;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Google Gen AI SDK (the Gemini API, as Gemini CLI speaks it with an API key) served by accounts of other
 * protocols: a two-turn function-calling exchange, whole and streamed, as the SDK sees it and as the upstream
 * receives it.
 */
class GoogleSdkOnTranslatedAccountsTest {
    private static final GenerateContentConfig WEATHER_TOOL = GenerateContentConfig.builder()
            .tools(Tool.builder().functionDeclarations(FunctionDeclaration.builder().name(TOOL)
                    .description("The current weather in a city")
                    .parameters(Schema.builder().type("OBJECT")
                            .properties(Map.of("city", Schema.builder().type("STRING").build()))
                            .required("city").build())
                    .build()))
            .build();

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private RelayHarness relay;
    private Client google;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        relay = RelayHarness.start(dataDir);
        google = Client.builder().apiKey(relay.issueKey("gemini-user"))
                .httpOptions(HttpOptions.builder().baseUrl(relay.uri() + "/gemini").build()).build();
    }

    @AfterEach
    void stop() {
        google.close();
        relay.close();
        upstream.close();
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void runsAFunctionCallingExchangeOnAClaudeAccount(boolean stream) throws Exception {
        relay.createAccount("""
                {"name": "claude", "platform": "claude", "kind": "api-key", "apiKey": "sk-ant-upstream",
                 "baseUrl": "%s", "models": ["claude-sonnet-4-5"]}""".formatted(upstream.url("/")));
        upstream.enqueue(WeatherToolUpstreams.anthropicToolUse(stream));
        upstream.enqueue(WeatherToolUpstreams.anthropicAnswer(stream));
        Content question = Content.builder().role("user").parts(Part.fromText(QUESTION)).build();

        Content first = send("claude-sonnet-4-5", List.of(question), stream);

        FunctionCall call = first.parts().orElseThrow().stream().flatMap(part -> part.functionCall().stream())
                .findFirst().orElseThrow();
        assertThat(call.name()).contains(TOOL);
        assertThat(call.args().orElseThrow()).containsEntry("city", "Paris");
        assertThat(first.parts().orElseThrow().getFirst().text()).contains("Let me check.");

        Content result = Content.builder().role("user")
                .parts(Part.fromFunctionResponse(TOOL, Map.of("output", TOOL_RESULT))).build();
        Content second = send("claude-sonnet-4-5", List.of(question, first, result), stream);

        assertThat(second.parts().orElseThrow().stream().map(part -> part.text().orElse("")).reduce("", String::concat))
                .isEqualTo(ANSWER);
        RecordedRequest firstRequest = upstream.takeRequest();
        assertThat(firstRequest.getTarget()).isEqualTo("/v1/messages");
        JsonNode firstBody = relay.parse(firstRequest.getBody().utf8());
        assertThat(firstBody.at("/tools/0/name").asText()).isEqualTo(TOOL);
        assertThat(firstBody.at("/tools/0/input_schema/properties/city/type").asText()).as("type names lower-cased")
                .isEqualTo("string");
        assertThat(firstBody.path("stream").asBoolean(false)).isEqualTo(stream);
        JsonNode messages = relay.parse(upstream.takeRequest().getBody().utf8()).get("messages");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).at("/content/0/text").asText()).isEqualTo("Let me check.");
        assertThat(messages.get(1).at("/content/1/type").asText()).isEqualTo("tool_use");
        String callId = messages.get(1).at("/content/1/id").asText();
        assertThat(messages.get(1).at("/content/1/input/city").asText()).isEqualTo("Paris");
        assertThat(messages.get(2).at("/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(messages.get(2).at("/content/0/tool_use_id").asText()).isEqualTo(callId);
        assertThat(messages.get(2).at("/content/0/content").asText()).isEqualTo(TOOL_RESULT);
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void runsAFunctionCallingExchangeOnACodeAssistAccount(boolean stream) throws Exception {
        relay.createAccount("""
                {"name": "google-login", "platform": "gemini", "kind": "oauth",
                 "oauth": {"accessToken": "ya29.upstream", "refreshToken": "1//refresh", "expiresAt": "2099-01-01T00:00:00Z"},
                 "baseUrl": "%s", "models": ["gemini-2.5-pro"]}""".formatted(upstream.url("/")));
        upstream.enqueue(WeatherToolUpstreams.loadCodeAssist("calm-river-42"));
        upstream.enqueue(WeatherToolUpstreams.codeAssistFunctionCall(stream));
        upstream.enqueue(WeatherToolUpstreams.codeAssistAnswer(stream));
        Content question = Content.builder().role("user").parts(Part.fromText(QUESTION)).build();

        Content first = send("gemini-2.5-pro", List.of(question), stream);

        FunctionCall call = first.parts().orElseThrow().getFirst().functionCall().orElseThrow();
        assertThat(call.name()).contains(TOOL);
        assertThat(call.args().orElseThrow()).containsEntry("city", "Paris");
        Content result = Content.builder().role("user")
                .parts(Part.fromFunctionResponse(TOOL, Map.of("output", TOOL_RESULT))).build();
        Content second = send("gemini-2.5-pro", List.of(question, first, result), stream);

        assertThat(second.parts().orElseThrow().stream().map(part -> part.text().orElse("")).reduce("", String::concat))
                .isEqualTo(ANSWER);
        assertThat(upstream.takeRequest().getTarget()).isEqualTo("/v1internal:loadCodeAssist");
        String method = stream ? "/v1internal:streamGenerateContent?alt=sse" : "/v1internal:generateContent";
        RecordedRequest firstRequest = upstream.takeRequest();
        assertThat(firstRequest.getTarget()).isEqualTo(method);
        assertThat(firstRequest.getHeaders().get("authorization")).isEqualTo("Bearer ya29.upstream");
        JsonNode asked = relay.parse(firstRequest.getBody().utf8());
        assertThat(asked.get("model").asText()).isEqualTo("gemini-2.5-pro");
        assertThat(asked.get("project").asText()).isEqualTo("calm-river-42");
        assertThat(asked.at("/request/tools/0/functionDeclarations/0/name").asText()).isEqualTo(TOOL);
        JsonNode contents = relay.parse(upstream.takeRequest().getBody().utf8()).at("/request/contents");
        assertThat(contents.get(1).at("/parts/0/functionCall/name").asText()).isEqualTo(TOOL);
        assertThat(contents.get(2).at("/parts/0/functionResponse/response/output").asText()).isEqualTo(TOOL_RESULT);
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void getsJsonOutputFromAClaudeAccountThroughAForcedTool(boolean stream) throws Exception {
        relay.createAccount("""
                {"name": "claude", "platform": "claude", "kind": "api-key", "apiKey": "sk-ant-upstream",
                 "baseUrl": "%s", "models": ["claude-haiku-4-5"]}""".formatted(upstream.url("/")));
        String input = "{\\\"reasoning\\\":\\\"A greeting.\\\",\\\"model_choice\\\":\\\"flash\\\"}";
        upstream.enqueue(stream ? WeatherToolUpstreams.eventStream("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_json","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_json","name":"gemini_json_response","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"%s"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":12}}

                event: message_stop
                data: {"type":"message_stop"}

                """.formatted(input)) : WeatherToolUpstreams.json("""
                {"id":"msg_json","type":"message","role":"assistant","model":"claude-haiku-4-5",
                 "content":[{"type":"tool_use","id":"toolu_json","name":"gemini_json_response",
                             "input":{"reasoning":"A greeting.","model_choice":"flash"}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":12}}"""));
        var classifier = GenerateContentConfig.builder().responseMimeType("application/json")
                .responseJsonSchema(Map.of("type", "object", "required", List.of("reasoning", "model_choice"),
                        "properties", Map.of("reasoning", Map.of("type", "string"),
                                "model_choice", Map.of("type", "string", "enum", List.of("flash", "pro")))))
                .build();

        String text;
        if (stream) {
            var pieces = new StringBuilder();
            try (ResponseStream<GenerateContentResponse> chunks =
                         google.models.generateContentStream("claude-haiku-4-5", "say hi", classifier)) {
                for (GenerateContentResponse chunk : chunks) {
                    if (chunk.text() != null) {
                        pieces.append(chunk.text());
                    }
                }
            }
            text = pieces.toString();
        } else {
            GenerateContentResponse response = google.models.generateContent("claude-haiku-4-5", "say hi", classifier);
            assertThat(response.functionCalls()).as("the forced tool is not a function call to the client").isEmpty();
            text = response.text();
        }

        JsonNode answer = relay.parse(text);
        assertThat(answer.get("model_choice").asText()).isEqualTo("flash");
        assertThat(answer.get("reasoning").asText()).isEqualTo("A greeting.");
        JsonNode asked = relay.parse(upstream.takeRequest().getBody().utf8());
        assertThat(asked.at("/tools/0/name").asText()).isEqualTo("gemini_json_response");
        assertThat(asked.at("/tools/0/input_schema/properties/model_choice/enum/1").asText()).isEqualTo("pro");
        assertThat(asked.at("/tool_choice/type").asText()).isEqualTo("tool");
        assertThat(asked.at("/tool_choice/name").asText()).isEqualTo("gemini_json_response");
    }

    @Test
    void isRefusedJsonOutputAlongsideItsOwnFunctionsOnAClaudeAccount() {
        relay.createAccount("""
                {"name": "claude", "platform": "claude", "kind": "api-key", "apiKey": "sk-ant-upstream",
                 "baseUrl": "%s", "models": ["claude-haiku-4-5"]}""".formatted(upstream.url("/")));
        var both = WEATHER_TOOL.toBuilder().responseMimeType("application/json").build();

        assertThatThrownBy(() -> google.models.generateContent("claude-haiku-4-5", "say hi", both))
                .isInstanceOfSatisfying(ClientException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(400);
                    assertThat(refused.getMessage()).contains("JSON output together with function declarations");
                });
        assertThat(upstream.getRequestCount()).isZero();
    }

    /** One turn: the model's content as the SDK sees it, its streamed chunks' parts gathered in one content. */
    private Content send(String model, List<Content> contents, boolean stream) {
        if (!stream) {
            GenerateContentResponse response = google.models.generateContent(model, contents, WEATHER_TOOL);
            assertThat(response.usageMetadata().orElseThrow().promptTokenCount()).contains(40);
            return response.candidates().orElseThrow().getFirst().content().orElseThrow();
        }
        List<Part> parts = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> chunks = google.models.generateContentStream(model, contents, WEATHER_TOOL)) {
            for (GenerateContentResponse chunk : chunks) {
                chunk.candidates().ifPresent(candidates -> candidates.getFirst().content()
                        .flatMap(Content::parts).ifPresent(parts::addAll));
            }
        }
        return Content.builder().role("model").parts(parts).build();
    }
}
