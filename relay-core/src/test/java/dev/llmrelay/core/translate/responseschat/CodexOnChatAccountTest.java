package dev.llmrelay.core.translate.responseschat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.translate.RecordedAnswer;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.store.RelayStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Codex CLI on an OpenAI-compatible account that speaks Chat only, through the engine: a streamed turn with
 * reasoning, text and two interleaved tool calls comes back as Responses items with integer usage, and the
 * next, non-streamed turn sends them back as one assistant message with tool calls and tool messages (a
 * screenshot of a tool output in a user message after them). Errors mid-stream and cut streams end in
 * {@code response.failed}; what Chat cannot serve is refused before any upstream call.
 */
class CodexOnChatAccountTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private final MockWebServer chat = new MockWebServer();
    private final Clock clock = Clock.systemUTC();
    private RelayStore store;
    private Relay relay;

    @BeforeEach
    void start() throws Exception {
        chat.start();
        store = RelayStore.inMemory(clock);
        store.accounts().save(new Account("acc_compat", "compat", Platform.OPENAI_COMPATIBLE,
                new Credential.ApiKey(Secret.of("sk-compat")), chat.url("/v1").toString(), Optional.empty(), 50, 0,
                Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE, clock.instant(), Optional.empty()));
        store.keys().save(new RelayKey("key_1", "k", KeyHash.of("rk_test"), true, Set.of(), Set.of(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                clock.instant(), Optional.empty(), Optional.empty()));
        relay = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).clock(clock)
                .translator(new ResponsesToChatTranslator(clock)).build();
    }

    @AfterEach
    void stop() {
        relay.close();
        store.close();
        chat.close();
    }

    private RecordedAnswer send(JsonNode body) throws Exception {
        var answer = new RecordedAnswer();
        relay.handle(new ClientRequest("POST", "/openai/v1/responses", Optional.empty(), Headers.of("authorization", "Bearer rk_test"),
                JSON.writeValueAsBytes(body)), answer);
        return answer;
    }

    private JsonNode upstreamBody() throws Exception {
        RecordedRequest recorded = chat.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded).as("the Chat upstream was called").isNotNull();
        assertThat(recorded.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("authorization")).isEqualTo("Bearer sk-compat");
        return JSON.readTree(recorded.getBody().utf8());
    }

    /**
     * A request as Codex CLI sends it: its Responses-only settings, and the hosted web_search and the namespace of
     * sub-agent tools (Codex 0.169) among its function tools.
     */
    private static ObjectNode codexRequest(String input) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("""
                {"model":"qwen3-coder","instructions":"You are Codex.","tool_choice":"auto","parallel_tool_calls":true,
                 "reasoning":{"effort":"medium","summary":"auto"},"store":false,"stream":true,
                 "include":["reasoning.encrypted_content"],"prompt_cache_key":"session-1","text":{"verbosity":"low"},
                 "tools":[{"type":"function","name":"shell","description":"Runs a command","strict":false,
                           "parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]}},
                          {"type":"web_search"},
                          {"type":"namespace","name":"multi_agent_v1","description":"Sub-agents",
                           "tools":[{"type":"function","name":"close_agent","parameters":{"type":"object"}}]}]}""");
        request.set("input", JSON.readTree(input));
        return request;
    }

    private static String chunks(String... deltas) {
        return Stream.of(deltas)
                .map(delta -> delta.startsWith("{\"choices\":[]") || delta.startsWith("{\"error\"")
                        ? delta
                        : "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen3-coder\",\"choices\":[" + delta + "]}")
                .map(chunk -> "data: " + chunk + "\n\n")
                .collect(Collectors.joining()) + "data: [DONE]\n\n";
    }

    private static void assertSequenceNumbers(List<JsonNode> events) {
        assertThat(events).extracting(event -> event.path("sequence_number").asInt())
                .containsExactlyElementsOf(IntStream.range(0, events.size()).boxed().toList());
    }

    @Test
    void aToolRoundOfTwoTurnsStreamsItemsAndSendsThemBackAsToolCallsAndToolMessages() throws Exception {
        chat.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(chunks(
                """
                {"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}""",
                """
                {"index":0,"delta":{"reasoning_content":"Look for the limit."},"finish_reason":null}""",
                """
                {"index":0,"delta":{"content":"Searching."},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_A","type":"function","function":{"name":"shell","arguments":""}},{"index":1,"id":"call_B","type":"function","function":{"name":"shell","arguments":""}}]},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"command\\":"}}]},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\\"command\\":[\\"ls\\"]}"}}]},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"[\\"rg\\",\\"MAX\\"]}"}}]},"finish_reason":null}""",
                """
                {"index":0,"delta":{},"finish_reason":"tool_calls"}""",
                """
                {"choices":[],"usage":{"prompt_tokens":500,"completion_tokens":30,"total_tokens":530,"prompt_tokens_details":{"cached_tokens":400},"completion_tokens_details":{"reasoning_tokens":7}}}"""))
                .build());

        RecordedAnswer first = send(codexRequest("""
                [{"type":"message","role":"developer","content":[{"type":"input_text","text":"Sandbox: workspace-write."}]},
                 {"type":"message","role":"user","content":[{"type":"input_text","text":"Find the retry limit."}]}]"""));

        JsonNode upstream = upstreamBody();
        assertThat(upstream.path("model").asText()).isEqualTo("qwen3-coder");
        assertThat(upstream.path("messages")).isEqualTo(JSON.readTree("""
                [{"role":"system","content":"You are Codex.\\n\\nSandbox: workspace-write."},
                 {"role":"user","content":[{"type":"text","text":"Find the retry limit."}]}]"""));
        assertThat(upstream.path("tools")).isEqualTo(JSON.readTree("""
                [{"type":"function","function":{"name":"shell","description":"Runs a command",
                  "parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]},
                  "strict":false}}]"""));
        assertThat(upstream.path("tool_choice").asText()).isEqualTo("auto");
        assertThat(upstream.path("reasoning_effort").asText()).isEqualTo("medium");
        assertThat(upstream.path("stream").asBoolean()).isTrue();
        assertThat(upstream.path("stream_options")).isEqualTo(JSON.readTree("{\"include_usage\":true}"));
        for (String dropped : List.of("instructions", "input", "store", "include", "prompt_cache_key", "text", "reasoning",
                "parallel_tool_calls", "max_completion_tokens")) {
            assertThat(upstream.has(dropped)).as(dropped).isFalse();
        }

        assertThat(first.status).isEqualTo(200);
        assertThat(first.eventNames()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed");
        List<JsonNode> events = first.eventData();
        assertSequenceNumbers(events);
        assertThat(events.get(0).at("/response/status").asText()).isEqualTo("in_progress");
        assertThat(events.get(0).at("/response/output")).isEmpty();
        assertThat(events.get(4).path("delta").asText()).isEqualTo("Look for the limit.");
        assertThat(events.get(10).path("delta").asText()).isEqualTo("Searching.");
        assertThat(events.get(14).path("item")).isEqualTo(JSON.readTree("""
                {"id":"%s","type":"function_call","status":"in_progress","call_id":"call_A","name":"shell","arguments":""}"""
                .formatted(events.get(14).at("/item/id").asText())));
        assertThat(events.get(15).at("/item/call_id").asText()).isEqualTo("call_B");
        assertThat(events.subList(16, 19)).extracting(event -> event.path("output_index").asInt() + " " + event.path("delta").asText())
                .containsExactly("2 {\"command\":", "3 {\"command\":[\"ls\"]}", "2 [\"rg\",\"MAX\"]}");
        assertThat(events.get(19).path("arguments").asText()).isEqualTo("{\"command\":[\"rg\",\"MAX\"]}");
        assertThat(events.get(19).path("name").asText()).isEqualTo("shell");

        JsonNode completed = events.get(23).path("response");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.path("model").asText()).isEqualTo("qwen3-coder");
        assertThat(completed.path("id").asText()).isEqualTo(events.get(0).at("/response/id").asText()).startsWith("resp_");
        assertThat(completed.path("output")).extracting(item -> item.path("type").asText())
                .containsExactly("reasoning", "message", "function_call", "function_call");
        assertThat(completed.at("/output/1/content/0/text").asText()).isEqualTo("Searching.");
        assertThat(completed.at("/output/3/arguments").asText()).isEqualTo("{\"command\":[\"ls\"]}");
        assertThat(completed.path("usage")).isEqualTo(JSON.readTree("""
                {"input_tokens":500,"input_tokens_details":{"cached_tokens":400},"output_tokens":30,
                 "output_tokens_details":{"reasoning_tokens":7},"total_tokens":530}"""));

        chat.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"chatcmpl-2","object":"chat.completion","created":2,"model":"qwen3-coder",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"MAX_RETRIES is 5."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":900,"completion_tokens":12,"total_tokens":912}}""").build());

        ObjectNode next = codexRequest("""
                [{"type":"message","role":"user","content":[{"type":"input_text","text":"Find the retry limit."}]},
                 {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Look for the limit."}]},
                 {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Searching.","annotations":[]}]},
                 {"type":"function_call","call_id":"call_A","name":"shell","arguments":"{\\"command\\":[\\"rg\\",\\"MAX\\"]}"},
                 {"type":"function_call","call_id":"call_B","name":"shell","arguments":"{\\"command\\":[\\"ls\\"]}"},
                 {"type":"function_call_output","call_id":"call_A","output":"src/config.py:12:MAX_RETRIES = 5"},
                 {"type":"function_call_output","call_id":"call_B","output":[{"type":"input_text","text":"See the screenshot."},
                   {"type":"input_image","image_url":"data:image/png;base64,%s"}]},
                 {"type":"message","role":"user","content":"Which one counts?"}]""".formatted(PIXEL));
        next.put("stream", false);
        next.put("max_output_tokens", 2048);
        next.put("parallel_tool_calls", false);
        RecordedAnswer second = send(next);

        JsonNode secondUpstream = upstreamBody();
        assertThat(secondUpstream.path("max_completion_tokens").asInt()).isEqualTo(2048);
        assertThat(secondUpstream.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(secondUpstream.has("stream")).isFalse();
        assertThat(secondUpstream.has("stream_options")).isFalse();
        assertThat(secondUpstream.path("messages")).isEqualTo(JSON.readTree("""
                [{"role":"system","content":"You are Codex."},
                 {"role":"user","content":[{"type":"text","text":"Find the retry limit."}]},
                 {"role":"assistant","content":"Searching.","tool_calls":[
                   {"id":"call_A","type":"function","function":{"name":"shell","arguments":"{\\"command\\":[\\"rg\\",\\"MAX\\"]}"}},
                   {"id":"call_B","type":"function","function":{"name":"shell","arguments":"{\\"command\\":[\\"ls\\"]}"}}]},
                 {"role":"tool","tool_call_id":"call_A","content":"src/config.py:12:MAX_RETRIES = 5"},
                 {"role":"tool","tool_call_id":"call_B","content":[{"type":"text","text":"See the screenshot."}]},
                 {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]},
                 {"role":"user","content":"Which one counts?"}]""".formatted(PIXEL)));

        assertThat(second.status).isEqualTo(200);
        JsonNode response = second.json();
        assertThat(response.path("object").asText()).isEqualTo("response");
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("model").asText()).isEqualTo("qwen3-coder");
        assertThat(response.path("output")).hasSize(1);
        assertThat(response.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(response.at("/output/0/content/0")).isEqualTo(JSON.readTree("""
                {"type":"output_text","text":"MAX_RETRIES is 5.","annotations":[]}"""));
        assertThat(response.path("usage")).isEqualTo(JSON.readTree("""
                {"input_tokens":900,"input_tokens_details":{"cached_tokens":0},"output_tokens":12,
                 "output_tokens_details":{"reasoning_tokens":0},"total_tokens":912}"""));
    }

    @Test
    void aWholeAnswerCutAtItsLengthIsIncompleteWithItsToolCall() throws Exception {
        chat.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"chatcmpl-3","object":"chat.completion","created":3,"model":"qwen3-coder",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                   {"id":"call_C","type":"function","function":{"name":"shell","arguments":"{\\"command\\":[\\"pwd\\"]}"}}]},
                   "finish_reason":"length"}]}""").build());
        ObjectNode request = codexRequest("\"Where am I?\"");
        request.put("stream", false);

        RecordedAnswer answer = send(request);

        assertThat(upstreamBody().path("messages").get(1)).isEqualTo(JSON.readTree("{\"role\":\"user\",\"content\":\"Where am I?\"}"));
        JsonNode response = answer.json();
        assertThat(response.path("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(response.at("/output/0/type").asText()).isEqualTo("function_call");
        assertThat(response.at("/output/0/call_id").asText()).isEqualTo("call_C");
        assertThat(response.at("/usage/total_tokens").isIntegralNumber()).isTrue();
    }

    @Test
    void anErrorChunkMidStreamIsOneResponseFailedWithTheItemsDoneAndNothingAfter() throws Exception {
        chat.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(chunks(
                """
                {"index":0,"delta":{"role":"assistant","content":"Start"},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_D","type":"function","function":{"name":"shell","arguments":"{}"}}]},"finish_reason":null}""",
                """
                {"error":{"message":"Rate limit reached for qwen3-coder","type":"requests","code":"rate_limit_exceeded"}}""")).build());

        RecordedAnswer answer = send(codexRequest("\"Hi\""));

        assertThat(answer.eventNames()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.failed");
        List<JsonNode> events = answer.eventData();
        assertSequenceNumbers(events);
        JsonNode failed = events.get(10).path("response");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error")).isEqualTo(JSON.readTree("""
                {"code":"rate_limit_exceeded","message":"Rate limit reached for qwen3-coder"}"""));
        assertThat(failed.path("output")).extracting(item -> item.path("type").asText()).containsExactly("message");
    }

    @Test
    void aStreamThatEndsWithoutAFinishReasonIsAFailedResponse() throws Exception {
        chat.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body("""
                data: {"id":"chatcmpl-4","object":"chat.completion.chunk","created":1,"model":"qwen3-coder","choices":[{"index":0,"delta":{"content":"Half"},"finish_reason":null}]}

                """).build());

        RecordedAnswer answer = send(codexRequest("\"Hi\""));

        assertThat(answer.eventNames()).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.failed");
        JsonNode failed = answer.eventData().get(5).path("response");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.at("/error/code").asText()).isEqualTo("server_error");
        assertThat(failed.path("output")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"tools\":[{\"type\":\"web_search\"}]}",
        "{\"tools\":[{\"type\":\"namespace\",\"name\":\"multi_agent_v1\",\"tools\":[]}]}",
        "{\"tools\":[{\"type\":\"function\",\"name\":\"f\"},{\"type\":\"local_shell\"}]}",
        "{\"tools\":[{\"type\":\"function\",\"name\":\"f\"},{\"type\":\"custom\",\"name\":\"apply_patch\"}]}",
        "{\"tools\":[{\"type\":\"function\",\"name\":\"f\"}],\"tool_choice\":{\"type\":\"web_search\"}}",
        "{\"previous_response_id\":\"resp_123\"}",
        "{\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}",
        "{\"input\":[{\"type\":\"custom_tool_call\",\"call_id\":\"c\",\"name\":\"apply_patch\",\"input\":\"x\"}]}",
        "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"file_id\":\"file-1\"}]}]}"})
    void whatAChatAccountCannotServeIsRefusedInOpenAisShapeBeforeAnyUpstreamCall(String extra) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("{\"model\":\"qwen3-coder\",\"input\":\"Hi\"}");
        request.setAll((ObjectNode) JSON.readTree(extra));

        RecordedAnswer answer = send(request);

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(chat.getRequestCount()).isZero();
    }
}
