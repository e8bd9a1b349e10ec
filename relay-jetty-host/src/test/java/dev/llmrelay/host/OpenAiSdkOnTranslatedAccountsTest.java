package dev.llmrelay.host;

import static dev.llmrelay.host.WeatherToolUpstreams.ANSWER;
import static dev.llmrelay.host.WeatherToolUpstreams.QUESTION;
import static dev.llmrelay.host.WeatherToolUpstreams.TOOL;
import static dev.llmrelay.host.WeatherToolUpstreams.TOOL_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The OpenAI SDK's Chat Completions and Responses APIs (what most agents and Codex CLI speak) served by accounts
 * of other protocols: a two-turn tool exchange, whole and streamed, as the SDK sees it and as the upstream
 * receives it.
 */
class OpenAiSdkOnTranslatedAccountsTest {
    private static final Map<String, Object> WEATHER_PARAMETERS = Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city"));

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private RelayHarness relay;
    private OpenAIClient openai;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        relay = RelayHarness.start(dataDir);
        openai = OpenAIOkHttpClient.builder().apiKey(relay.issueKey("agent")).baseUrl(relay.uri() + "/openai/v1")
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterEach
    void stop() {
        openai.close();
        relay.close();
        upstream.close();
    }

    private void claudeAccount() {
        relay.createAccount("""
                {"name": "claude", "platform": "claude", "kind": "api-key", "apiKey": "sk-ant-upstream",
                 "baseUrl": "%s", "models": ["claude-sonnet-4-5"]}""".formatted(upstream.url("/")));
    }

    private void chatAccount() {
        relay.createAccount("""
                {"name": "local", "platform": "openai-compatible", "kind": "api-key", "apiKey": "sk-local",
                 "baseUrl": "%s", "models": ["qwen3-coder"]}""".formatted(upstream.url("/v1")));
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void chatRunsAToolExchangeOnAClaudeAccount(boolean stream) throws Exception {
        claudeAccount();
        upstream.enqueue(WeatherToolUpstreams.anthropicToolUse(stream));
        upstream.enqueue(WeatherToolUpstreams.anthropicAnswer(stream));

        ChatCompletionCreateParams asked = ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name(TOOL)
                        .description("The current weather in a city")
                        .parameters(FunctionParameters.builder().putAllAdditionalProperties(jsonValues(WEATHER_PARAMETERS)).build())
                        .build()).build())
                .addUserMessage(QUESTION)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();

        ChatCompletion first = send(asked, stream);

        ChatCompletion.Choice choice = first.choices().getFirst();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(choice.message().content()).contains("Let me check.");
        ChatCompletionMessageFunctionToolCall call = choice.message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.id()).isEqualTo("toolu_01Weather");
        assertThat(call.function().name()).isEqualTo(TOOL);
        assertThat(relay.parse(call.function().arguments()).get("city").asText()).isEqualTo("Paris");
        assertThat(first.usage().orElseThrow().promptTokens()).isEqualTo(40);

        ChatCompletion second = send(asked.toBuilder().addMessage(choice.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content(TOOL_RESULT).build())
                .build(), stream);

        assertThat(second.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(second.choices().getFirst().message().content()).contains(ANSWER);
        assertThat(second.usage().orElseThrow().completionTokens()).isEqualTo(12);
        RecordedRequest firstRequest = upstream.takeRequest();
        assertThat(firstRequest.getTarget()).isEqualTo("/v1/messages");
        JsonNode firstBody = relay.parse(firstRequest.getBody().utf8());
        assertThat(firstBody.at("/tools/0/name").asText()).isEqualTo(TOOL);
        assertThat(firstBody.at("/tools/0/input_schema/required/0").asText()).isEqualTo("city");
        assertThat(firstBody.path("stream").asBoolean(false)).isEqualTo(stream);
        JsonNode messages = relay.parse(upstream.takeRequest().getBody().utf8()).get("messages");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).at("/content/0/text").asText()).isEqualTo("Let me check.");
        assertThat(messages.get(1).at("/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(messages.get(1).at("/content/1/id").asText()).isEqualTo("toolu_01Weather");
        assertThat(messages.get(1).at("/content/1/input/city").asText()).isEqualTo("Paris");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(2).at("/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(messages.get(2).at("/content/0/tool_use_id").asText()).isEqualTo("toolu_01Weather");
        assertThat(messages.get(2).at("/content/0/content").toString()).contains(TOOL_RESULT);
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void responsesRunsAToolExchangeOnAClaudeAccount(boolean stream) throws Exception {
        claudeAccount();
        upstream.enqueue(WeatherToolUpstreams.anthropicToolUse(stream));
        upstream.enqueue(WeatherToolUpstreams.anthropicAnswer(stream));

        ResponseFunctionToolCall call = responsesExchange("claude-sonnet-4-5", stream);

        assertThat(call.callId()).isEqualTo("toolu_01Weather");
        RecordedRequest firstRequest = upstream.takeRequest();
        assertThat(firstRequest.getTarget()).isEqualTo("/v1/messages");
        assertThat(firstRequest.getHeaders().get("x-api-key")).isEqualTo("sk-ant-upstream");
        JsonNode firstBody = relay.parse(firstRequest.getBody().utf8());
        assertThat(firstBody.at("/tools/0/name").asText()).isEqualTo(TOOL);
        assertThat(firstBody.at("/tools/0/input_schema/required/0").asText()).isEqualTo("city");
        JsonNode messages = relay.parse(upstream.takeRequest().getBody().utf8()).get("messages");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).at("/content/0/text").asText()).isEqualTo("Let me check.");
        assertThat(messages.get(1).at("/content/1/id").asText()).isEqualTo("toolu_01Weather");
        assertThat(messages.get(1).at("/content/1/input/city").asText()).isEqualTo("Paris");
        assertThat(messages.get(2).at("/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(messages.get(2).at("/content/0/tool_use_id").asText()).isEqualTo("toolu_01Weather");
        assertThat(messages.get(2).at("/content/0/content").toString()).contains(TOOL_RESULT);
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void responsesRunsAToolExchangeOnAnOpenAiCompatibleChatAccount(boolean stream) throws Exception {
        chatAccount();
        upstream.enqueue(WeatherToolUpstreams.chatToolCall(stream));
        upstream.enqueue(WeatherToolUpstreams.chatAnswer(stream));

        ResponseFunctionToolCall call = responsesExchange("qwen3-coder", stream);

        assertThat(call.callId()).isEqualTo("call_weather");
        RecordedRequest firstRequest = upstream.takeRequest();
        assertThat(firstRequest.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(firstRequest.getHeaders().get("authorization")).isEqualTo("Bearer sk-local");
        JsonNode firstBody = relay.parse(firstRequest.getBody().utf8());
        assertThat(firstBody.at("/tools/0/type").asText()).isEqualTo("function");
        assertThat(firstBody.at("/tools/0/function/name").asText()).isEqualTo(TOOL);
        assertThat(firstBody.at("/stream_options/include_usage").asBoolean(false)).isEqualTo(stream);
        JsonNode messages = relay.parse(upstream.takeRequest().getBody().utf8()).get("messages");
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).at("/tool_calls/0/id").asText()).isEqualTo("call_weather");
        assertThat(messages.get(1).at("/tool_calls/0/function/name").asText()).isEqualTo(TOOL);
        assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_weather");
        assertThat(messages.get(2).get("content").asText()).isEqualTo(TOOL_RESULT);
    }

    @Test
    void asksAnOlderClaudeModelForNoMoreOutputThanItAllows() throws Exception {
        relay.createAccount("""
                {"name": "claude", "platform": "claude", "kind": "api-key", "apiKey": "sk-ant-upstream",
                 "baseUrl": "%s", "models": ["claude-3-5-haiku-20241022"]}""".formatted(upstream.url("/")));
        upstream.enqueue(WeatherToolUpstreams.anthropicAnswer(false));

        ChatCompletion answer = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-3-5-haiku-20241022").maxCompletionTokens(32_000).addUserMessage("hi").build());

        assertThat(answer.choices().getFirst().message().content()).contains(ANSWER);
        JsonNode sent = relay.parse(upstream.takeRequest().getBody().utf8());
        assertThat(sent.get("max_tokens").asInt()).as("Claude 3.5 Haiku writes at most 8,192").isEqualTo(8_192);
    }

    /**
     * Asks {@link WeatherToolUpstreams#QUESTION} through the Responses API with the weather tool, sends the first
     * answer's items back with the tool's output, and checks the second answer; answers the call the SDK got.
     */
    private ResponseFunctionToolCall responsesExchange(String model, boolean stream) {
        FunctionTool weather = FunctionTool.builder().name(TOOL).description("The current weather in a city")
                .parameters(FunctionTool.Parameters.builder().putAllAdditionalProperties(jsonValues(WEATHER_PARAMETERS)).build())
                .strict(false).build();
        ResponseInputItem question = ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER).content(QUESTION).build());
        ResponseCreateParams asked = ResponseCreateParams.builder().model(model).addTool(weather)
                .inputOfResponse(List.of(question)).build();

        Response first = send(asked, stream);

        assertThat(first.status()).contains(ResponseStatus.COMPLETED);
        ResponseFunctionToolCall call = first.output().stream().flatMap(item -> item.functionCall().stream())
                .findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo(TOOL);
        assertThat(relay.parse(call.arguments()).get("city").asText()).isEqualTo("Paris");
        assertThat(first.usage().orElseThrow().inputTokens()).isEqualTo(40);
        assertThat(first.usage().orElseThrow().outputTokens()).isEqualTo(12);

        List<ResponseInputItem> history = new ArrayList<>(List.of(question));
        for (ResponseOutputItem item : first.output()) {
            item.message().ifPresent(message -> history.add(ResponseInputItem.ofResponseOutputMessage(message)));
            item.functionCall().ifPresent(functionCall -> history.add(ResponseInputItem.ofFunctionCall(functionCall)));
        }
        history.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(call.callId()).output(TOOL_RESULT).build()));
        Response second = send(asked.toBuilder().inputOfResponse(history).build(), stream);

        assertThat(second.status()).contains(ResponseStatus.COMPLETED);
        assertThat(second.output()).hasSize(1);
        assertThat(second.output().getFirst().asMessage().content().getFirst().asOutputText().text()).isEqualTo(ANSWER);
        assertThat(second.usage().orElseThrow().outputTokens()).isEqualTo(12);
        return call;
    }

    private ChatCompletion send(ChatCompletionCreateParams params, boolean stream) {
        if (!stream) {
            return openai.chat().completions().create(params);
        }
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (var chunks = openai.chat().completions().createStreaming(params)) {
            chunks.stream().forEach(accumulator::accumulate);
        }
        return accumulator.chatCompletion();
    }

    private Response send(ResponseCreateParams params, boolean stream) {
        if (!stream) {
            return openai.responses().create(params);
        }
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (var events = openai.responses().createStreaming(params)) {
            events.stream().forEach(accumulator::accumulate);
        }
        return accumulator.response();
    }

    private static Map<String, JsonValue> jsonValues(Map<String, Object> members) {
        var values = new LinkedHashMap<String, JsonValue>();
        members.forEach((name, value) -> values.put(name, JsonValue.from(value)));
        return values;
    }
}
