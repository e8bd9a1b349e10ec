package dev.llmrelay.host;

import static dev.llmrelay.host.WeatherToolUpstreams.ANSWER;
import static dev.llmrelay.host.WeatherToolUpstreams.QUESTION;
import static dev.llmrelay.host.WeatherToolUpstreams.TOOL;
import static dev.llmrelay.host.WeatherToolUpstreams.TOOL_RESULT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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
 * The Anthropic SDK (what Claude Code speaks) served by accounts of other protocols: a two-turn tool exchange,
 * whole and streamed, as the SDK sees it and as the upstream receives it.
 */
class AnthropicSdkOnTranslatedAccountsTest {
    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private RelayHarness relay;
    private AnthropicClient anthropic;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        relay = RelayHarness.start(dataDir);
        anthropic = AnthropicOkHttpClient.builder().baseUrl(relay.uri() + "/claude")
                .apiKey(relay.issueKey("claude-code")).maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        anthropic.close();
        relay.close();
        upstream.close();
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void runsAToolExchangeOnAnOpenAiCompatibleAccount(boolean stream) throws Exception {
        relay.createAccount("""
                {"name": "local", "platform": "openai-compatible", "kind": "api-key", "apiKey": "sk-local",
                 "baseUrl": "%s", "models": ["qwen3-coder"]}""".formatted(upstream.url("/v1")));
        upstream.enqueue(WeatherToolUpstreams.chatToolCall(stream));
        upstream.enqueue(WeatherToolUpstreams.chatAnswer(stream));

        ToolExchange exchange = exchange("qwen3-coder", stream);

        assertThat(exchange.call().id()).isEqualTo("call_weather");
        RecordedRequest first = upstream.takeRequest();
        assertThat(first.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(first.getHeaders().get("authorization")).isEqualTo("Bearer sk-local");
        JsonNode asked = relay.parse(first.getBody().utf8());
        assertThat(asked.at("/tools/0/function/name").asText()).isEqualTo(TOOL);
        assertThat(asked.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("city");
        assertThat(asked.at("/stream_options/include_usage").asBoolean(false)).as("usage asked for").isEqualTo(stream);
        JsonNode answered = relay.parse(upstream.takeRequest().getBody().utf8());
        JsonNode messages = answered.get("messages");
        assertThat(messages.get(1).at("/tool_calls/0/id").asText()).isEqualTo("call_weather");
        assertThat(relay.parse(messages.get(1).at("/tool_calls/0/function/arguments").asText()).get("city").asText())
                .isEqualTo("Paris");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_weather");
        assertThat(messages.get(2).get("content").asText()).isEqualTo(TOOL_RESULT);
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void runsAToolExchangeOnAGeminiAccount(boolean stream) throws Exception {
        relay.createAccount("""
                {"name": "gemini", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-upstream",
                 "baseUrl": "%s", "models": ["gemini-2.5-pro"]}""".formatted(upstream.url("/")));
        upstream.enqueue(WeatherToolUpstreams.geminiFunctionCall(stream));
        upstream.enqueue(WeatherToolUpstreams.geminiAnswer(stream));

        ToolExchange exchange = exchange("gemini-2.5-pro", stream);

        assertThat(exchange.call().id()).as("an id the relay made for Gemini's id-less call").startsWith("toolu_");
        String method = stream ? "streamGenerateContent?alt=sse" : "generateContent";
        RecordedRequest first = upstream.takeRequest();
        assertThat(first.getTarget()).isEqualTo("/v1beta/models/gemini-2.5-pro:" + method);
        assertThat(first.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-upstream");
        JsonNode asked = relay.parse(first.getBody().utf8());
        assertThat(asked.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo(TOOL);
        assertThat(asked.at("/tools/0/functionDeclarations/0/parametersJsonSchema/required/0").asText()).isEqualTo("city");
        RecordedRequest second = upstream.takeRequest();
        assertThat(second.getTarget()).isEqualTo("/v1beta/models/gemini-2.5-pro:" + method);
        JsonNode contents = relay.parse(second.getBody().utf8()).get("contents");
        assertThat(contents.get(1).get("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).at("/parts/0/functionCall/name").asText()).isEqualTo(TOOL);
        assertThat(contents.get(1).at("/parts/0/functionCall/args/city").asText()).isEqualTo("Paris");
        assertThat(contents.get(2).get("role").asText()).isEqualTo("user");
        assertThat(contents.get(2).at("/parts/0/functionResponse/name").asText()).as("named after the call it answers")
                .isEqualTo(TOOL);
        assertThat(contents.get(2).at("/parts/0/functionResponse/response/output").asText()).isEqualTo(TOOL_RESULT);
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void sendsGemini3sThoughtSignatureBackOnTheCallItCameWith(boolean stream) throws Exception {
        relay.createAccount("""
                {"name": "gemini", "platform": "gemini", "kind": "api-key", "apiKey": "AIza-upstream",
                 "baseUrl": "%s", "models": ["gemini-3-pro-preview"]}""".formatted(upstream.url("/")));
        String signed = """
                {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},
                  "thoughtSignature":"CiQBVKhc7/signed+by=Gemini"}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":12,"totalTokenCount":52}}""".replace("\n", "");
        upstream.enqueue(stream ? WeatherToolUpstreams.eventStream("data: " + signed + "\n\n") : WeatherToolUpstreams.json(signed));
        upstream.enqueue(WeatherToolUpstreams.geminiAnswer(stream));

        ToolExchange exchange = exchange("gemini-3-pro-preview", stream);

        assertThat(exchange.first().content()).as("the SDK sees the call alone").hasSize(1);
        upstream.takeRequest();
        JsonNode contents = relay.parse(upstream.takeRequest().getBody().utf8()).get("contents");
        assertThat(contents.get(1).at("/parts/0/functionCall/name").asText()).isEqualTo(TOOL);
        assertThat(contents.get(1).at("/parts/0/thoughtSignature").asText()).as("on the call it came with")
                .isEqualTo("CiQBVKhc7/signed+by=Gemini");
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void runsAToolExchangeOnACodeAssistAccountInTheProjectCodeAssistNames(boolean stream) throws Exception {
        codeAssistAccount();
        upstream.enqueue(WeatherToolUpstreams.loadCodeAssist("calm-river-42"));
        upstream.enqueue(WeatherToolUpstreams.codeAssistFunctionCall(stream));
        upstream.enqueue(WeatherToolUpstreams.codeAssistAnswer(stream));

        ToolExchange exchange = exchange("gemini-2.5-pro", stream);

        assertThat(exchange.call().id()).startsWith("toolu_");
        RecordedRequest load = upstream.takeRequest();
        assertThat(load.getTarget()).isEqualTo("/v1internal:loadCodeAssist");
        assertThat(load.getHeaders().get("authorization")).isEqualTo("Bearer ya29.upstream");
        String method = stream ? "/v1internal:streamGenerateContent?alt=sse" : "/v1internal:generateContent";
        RecordedRequest first = upstream.takeRequest();
        assertThat(first.getTarget()).isEqualTo(method);
        assertThat(first.getHeaders().get("authorization")).isEqualTo("Bearer ya29.upstream");
        JsonNode asked = relay.parse(first.getBody().utf8());
        assertThat(asked.get("model").asText()).isEqualTo("gemini-2.5-pro");
        assertThat(asked.get("project").asText()).isEqualTo("calm-river-42");
        assertThat(asked.at("/request/tools/0/functionDeclarations/0/name").asText()).isEqualTo(TOOL);
        assertThat(asked.at("/request/contents/0/parts/0/text").asText()).isEqualTo(QUESTION);
        RecordedRequest second = upstream.takeRequest();
        assertThat(second.getTarget()).as("the project is asked for once").isEqualTo(method);
        JsonNode answered = relay.parse(second.getBody().utf8());
        assertThat(answered.get("project").asText()).isEqualTo("calm-river-42");
        assertThat(answered.at("/request/contents/2/parts/0/functionResponse/name").asText()).isEqualTo(TOOL);
        assertThat(answered.at("/request/contents/2/parts/0/functionResponse/response/output").asText()).isEqualTo(TOOL_RESULT);
    }

    @Test
    void isToldWhyWhenTheCodeAssistAccountHasNoProjectYet() throws Exception {
        codeAssistAccount();
        upstream.enqueue(WeatherToolUpstreams.json("{\"allowedTiers\":[{\"id\":\"free-tier\",\"isDefault\":true}]}"));

        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("gemini-2.5-pro")
                .maxTokens(100).addUserMessage("hi").build()))
                .isInstanceOfSatisfying(BadRequestException.class, refused -> assertThat(refused.getMessage())
                        .contains("not set up for Code Assist yet").contains("Gemini CLI"));
        assertThat(upstream.takeRequest().getTarget()).isEqualTo("/v1internal:loadCodeAssist");
        assertThat(upstream.getRequestCount()).as("nothing sent without a project").isEqualTo(1);
    }

    @Test
    void asksASmallerModelForNoMoreOutputThanItAllows() throws Exception {
        relay.createAccount("""
                {"name": "openai", "platform": "openai", "kind": "api-key", "apiKey": "sk-upstream",
                 "baseUrl": "%s", "models": ["gpt-4o"]}""".formatted(upstream.url("/v1")));
        upstream.enqueue(WeatherToolUpstreams.chatAnswer(false));

        Message answer = anthropic.messages().create(MessageCreateParams.builder().model("gpt-4o")
                .maxTokens(64_000).addUserMessage("hi").build());

        assertThat(answer.content().getFirst().asText().text()).isEqualTo(ANSWER);
        JsonNode sent = relay.parse(upstream.takeRequest().getBody().utf8());
        assertThat(sent.get("max_completion_tokens").asInt()).as("gpt-4o writes at most 16,384").isEqualTo(16_384);
    }

    private void codeAssistAccount() {
        relay.createAccount("""
                {"name": "google-login", "platform": "gemini", "kind": "oauth",
                 "oauth": {"accessToken": "ya29.upstream", "refreshToken": "1//refresh", "expiresAt": "2099-01-01T00:00:00Z"},
                 "baseUrl": "%s", "models": ["gemini-2.5-pro"]}""".formatted(upstream.url("/")));
    }

    /** What the SDK saw of both turns: the tool call of the first, checked here, and the answer of the second. */
    private record ToolExchange(Message first, ToolUseBlock call) {
    }

    /**
     * Asks {@link WeatherToolUpstreams#QUESTION} with the weather tool, answers the tool call the SDK gets with
     * {@link WeatherToolUpstreams#TOOL_RESULT}, and checks that the second turn's answer reaches the SDK whole.
     */
    private ToolExchange exchange(String model, boolean stream) {
        MessageCreateParams asked = MessageCreateParams.builder().model(model).maxTokens(1024)
                .addTool(Tool.builder().name(TOOL).description("The current weather in a city")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(Tool.InputSchema.Properties.builder()
                                        .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build())
                                .addRequired("city").build())
                        .build())
                .addUserMessage(QUESTION).build();

        Message first = send(asked, stream);

        assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock call = first.content().stream().flatMap(block -> block.toolUse().stream()).findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo(TOOL);
        assertThat(call._input().convert(JsonNode.class).get("city").asText()).isEqualTo("Paris");
        assertThat(first.usage().inputTokens()).isEqualTo(40);
        assertThat(first.usage().outputTokens()).isEqualTo(12);

        Message second = send(asked.toBuilder().addMessage(first)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(call.id()).content(TOOL_RESULT).build())))
                .build(), stream);

        assertThat(second.stopReason()).contains(StopReason.END_TURN);
        assertThat(second.content()).hasSize(1);
        assertThat(second.content().getFirst().asText().text()).isEqualTo(ANSWER);
        assertThat(second.usage().outputTokens()).isEqualTo(12);
        return new ToolExchange(first, call);
    }

    private Message send(MessageCreateParams params, boolean stream) {
        if (!stream) {
            return anthropic.messages().create(params);
        }
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (var events = anthropic.messages().createStreaming(params)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.message();
    }
}
