package dev.llmrelay.host;

import static dev.llmrelay.host.WeatherToolUpstreams.ANSWER;
import static dev.llmrelay.host.WeatherToolUpstreams.QUESTION;
import static dev.llmrelay.host.WeatherToolUpstreams.TOOL;
import static dev.llmrelay.host.WeatherToolUpstreams.TOOL_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gemini CLI's Code Assist calls (its "Login with Google" mode; there is no SDK for them) served by accounts of
 * other protocols: a two-turn function-calling exchange, whole and streamed, in the {@code {model, project,
 * request}} envelope Gemini CLI sends and the {@code {"response": ...}} envelope it reads, each chunk a
 * {@code data: } line.
 */
class CodeAssistClientOnTranslatedAccountsTest {
    private static final String TOOLS = """
            "tools":[{"functionDeclarations":[{"name":"get_weather","description":"The current weather in a city",
              "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}]""";

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
        key = relay.issueKey("gemini-cli");
    }

    @AfterEach
    void stop() {
        http.close();
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
        String question = "{\"role\":\"user\",\"parts\":[{\"text\":\"" + QUESTION + "\"}]}";

        List<JsonNode> first = generate("claude-sonnet-4-5", stream, question);

        List<JsonNode> parts = parts(first);
        assertThat(parts.getFirst().get("text").asText()).isEqualTo("Let me check.");
        JsonNode call = parts.get(1).get("functionCall");
        assertThat(call.get("name").asText()).isEqualTo(TOOL);
        assertThat(call.at("/args/city").asText()).isEqualTo("Paris");
        assertThat(first.getLast().at("/response/usageMetadata/promptTokenCount").asInt()).isEqualTo(40);

        String modelTurn = "{\"role\":\"model\",\"parts\":" + parts + "}";
        String result = "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"id\":\"" + call.path("id").asText()
                + "\",\"name\":\"get_weather\",\"response\":{\"output\":\"" + TOOL_RESULT + "\"}}}]}";
        List<JsonNode> second = generate("claude-sonnet-4-5", stream, question, modelTurn, result);

        assertThat(parts(second).stream().map(part -> part.path("text").asText()).reduce("", String::concat)).isEqualTo(ANSWER);
        assertThat(second.getLast().at("/response/candidates/0/finishReason").asText()).isEqualTo("STOP");
        RecordedRequest firstRequest = upstream.takeRequest();
        assertThat(firstRequest.getTarget()).isEqualTo("/v1/messages");
        JsonNode asked = relay.parse(firstRequest.getBody().utf8());
        assertThat(asked.get("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(asked.at("/tools/0/name").asText()).isEqualTo(TOOL);
        assertThat(asked.has("project")).as("the envelope stays behind").isFalse();
        JsonNode messages = relay.parse(upstream.takeRequest().getBody().utf8()).get("messages");
        assertThat(messages.get(1).at("/content/1/type").asText()).isEqualTo("tool_use");
        String callId = messages.get(1).at("/content/1/id").asText();
        assertThat(messages.get(2).at("/content/0/tool_use_id").asText()).isEqualTo(callId);
        assertThat(messages.get(2).at("/content/0/content").asText()).isEqualTo(TOOL_RESULT);
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void isServedByAGeminiApiKeyAccountOutOfItsEnvelope(boolean stream) throws Exception {
        relay.createAccount("""
                {"name": "gemini", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-upstream",
                 "baseUrl": "%s", "models": ["gemini-2.5-pro"]}""".formatted(upstream.url("/")));
        upstream.enqueue(WeatherToolUpstreams.geminiAnswer(stream));

        List<JsonNode> answer = generate("gemini-2.5-pro", stream, "{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}");

        assertThat(parts(answer).stream().map(part -> part.path("text").asText()).reduce("", String::concat)).isEqualTo(ANSWER);
        RecordedRequest recorded = upstream.takeRequest();
        assertThat(recorded.getTarget()).isEqualTo(stream
                ? "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse" : "/v1beta/models/gemini-2.5-pro:generateContent");
        assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-upstream");
        JsonNode sent = relay.parse(recorded.getBody().utf8());
        assertThat(sent.at("/contents/0/parts/0/text").asText()).isEqualTo("hi");
        assertThat(sent.has("request") || sent.has("project") || sent.has("session_id")).as("no Code Assist members").isFalse();
    }

    @Test
    void takesGeminiClisRoutingClassifierWithOpenApiTypeNamesAsJsonOutputOnAClaudeAccount() throws Exception {
        relay.createAccount("""
                {"name": "claude", "platform": "claude", "kind": "api-key", "apiKey": "sk-ant-upstream",
                 "baseUrl": "%s", "modelMapping": {"gemini-3.1-flash-lite": "claude-haiku-4-5"}}"""
                .formatted(upstream.url("/")));
        upstream.enqueue(WeatherToolUpstreams.json("""
                {"id":"msg_json","type":"message","role":"assistant","model":"claude-haiku-4-5",
                 "content":[{"type":"tool_use","id":"toolu_json","name":"gemini_json_response",
                             "input":{"reasoning":"A greeting.","model_choice":"flash"}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":40,"output_tokens":12}}"""));
        // As Gemini CLI 0.61 sends its classifier on Code Assist: responseJsonSchema in OpenAPI's upper-case types.
        String body = """
                {"model":"gemini-3.1-flash-lite","project":"llm-relay","user_prompt_id":"p-1",
                 "request":{"contents":[{"role":"user","parts":[{"text":"say hi"}]}],
                  "systemInstruction":{"role":"user","parts":[{"text":"Choose a model."}]},
                  "generationConfig":{"temperature":1,"responseMimeType":"application/json",
                   "responseJsonSchema":{"type":"OBJECT","properties":{"reasoning":{"type":"STRING"},
                    "model_choice":{"type":"STRING","enum":["flash","pro"]}},"required":["reasoning","model_choice"]},
                   "thinkingConfig":{"includeThoughts":true,"thinkingLevel":"HIGH"}},
                  "session_id":"s-1"}}""";

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(relay.uri() + "/gemini/v1internal:generateContent"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode choice = relay.parse(relay.parse(response.body()).at("/response/candidates/0/content/parts/0/text").asText());
        assertThat(choice.path("model_choice").asText()).isEqualTo("flash");
        JsonNode asked = relay.parse(upstream.takeRequest().getBody().utf8());
        assertThat(asked.path("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(asked.at("/tool_choice/name").asText()).isEqualTo("gemini_json_response");
        assertThat(asked.at("/tools/0/input_schema/type").asText()).isEqualTo("object");
        assertThat(asked.at("/tools/0/input_schema/properties/model_choice/type").asText()).isEqualTo("string");
        assertThat(asked.at("/tools/0/input_schema/properties/model_choice/enum/1").asText()).isEqualTo("pro");
    }

    /**
     * One Code Assist call as Gemini CLI makes it, with the relay key as its Bearer token; answers the whole answer,
     * or each streamed chunk, still in Code Assist's envelope.
     */
    private List<JsonNode> generate(String model, boolean stream, String... contents) throws Exception {
        String body = """
                {"model":"%s","project":"cli-project-1","user_prompt_id":"p-1",
                 "request":{"contents":[%s],%s,"session_id":"s-1"}}""".formatted(model, String.join(",", contents), TOOLS);
        String method = stream ? "streamGenerateContent?alt=sse" : "generateContent";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(relay.uri() + "/gemini/v1internal:" + method))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        if (!stream) {
            return List.of(relay.parse(response.body()));
        }
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : response.body().split("\r?\n")) {
            if (line.startsWith("data: ")) {
                chunks.add(relay.parse(line.substring("data: ".length())));
            }
        }
        return chunks;
    }

    /** The parts of every answer or chunk, each read out of Code Assist's {@code response}. */
    private static List<JsonNode> parts(List<JsonNode> answers) {
        List<JsonNode> parts = new ArrayList<>();
        for (JsonNode answer : answers) {
            assertThat(answer.has("response")).as("in Code Assist's envelope: " + answer).isTrue();
            answer.at("/response/candidates/0/content/parts").forEach(parts::add);
        }
        return parts;
    }
}
