package dev.llmrelay.core.translate.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.translate.RecordedAnswer;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.store.RelayStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Codex CLI on a Claude account, through the engine: a turn that thinks and calls a tool streams back as a
 * reasoning item (Claude's signature as its encrypted content) and a function_call item, and Codex's next
 * request, which sends both back with the call's output, reaches Claude as a signed thinking block and
 * tool_use in one assistant turn followed by the tool_result, with thinking still on.
 */
class CodexOnClaudeAccountTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer claude = new MockWebServer();
    private final Clock clock = Clock.systemUTC();
    private RelayStore store;
    private Relay relay;

    @BeforeEach
    void start() throws Exception {
        claude.start();
        store = RelayStore.inMemory(clock);
        store.accounts().save(new Account("acc_claude", "claude", Platform.CLAUDE, new Credential.ApiKey(Secret.of("sk-ant-test")),
                claude.url("/").toString(), Optional.empty(), 50, 0, Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE,
                clock.instant(), Optional.empty()));
        store.keys().save(new RelayKey("key_1", "k", KeyHash.of("rk_test"), true, Set.of(), Set.of(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                clock.instant(), Optional.empty(), Optional.empty()));
        relay = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).clock(clock)
                .translator(new ResponsesToAnthropicTranslator(clock)).build();
    }

    @AfterEach
    void stop() {
        relay.close();
        store.close();
        claude.close();
    }

    private RecordedAnswer send(JsonNode body) throws Exception {
        var answer = new RecordedAnswer();
        relay.handle(new ClientRequest("POST", "/openai/v1/responses", Optional.empty(), Headers.of("authorization", "Bearer rk_test"),
                JSON.writeValueAsBytes(body)), answer);
        return answer;
    }

    private JsonNode upstreamBody() throws Exception {
        RecordedRequest recorded = claude.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded).as("Claude was called").isNotNull();
        assertThat(recorded.getTarget()).isEqualTo("/v1/messages");
        return JSON.readTree(recorded.getBody().utf8());
    }

    /**
     * A request as Codex CLI sends it: developer text as an item, the hosted web_search and the namespace of
     * sub-agent tools (Codex 0.169) among its function tools.
     */
    private static ObjectNode codexRequest(ArrayNode input) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("""
                {"model":"claude-sonnet-4-5","tool_choice":"auto","parallel_tool_calls":true,
                 "reasoning":{"effort":"medium","summary":"auto"},"store":false,"stream":true,
                 "include":["reasoning.encrypted_content"],"prompt_cache_key":"session-1","text":{"verbosity":"low"},
                 "tools":[{"type":"function","name":"shell","description":"Runs a command","strict":false,
                           "parameters":{"type":"object","properties":{"command":{"type":"array","items":{"type":"string"}}},"required":["command"]}},
                          {"type":"web_search"},
                          {"type":"namespace","name":"multi_agent_v1","description":"Sub-agents",
                           "tools":[{"type":"function","name":"close_agent","parameters":{"type":"object"}}]}]}""");
        request.set("input", input);
        return request;
    }

    private static String claudeStream(String... events) {
        return String.join("", events);
    }

    private static String event(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    @Test
    void aReasonedToolCallAndItsOutputMakeTwoTurnsWithTheSignedThinkingSentBack() throws Exception {
        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(claudeStream(
                event("message_start", """
                        {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":300,"cache_creation_input_tokens":0,"cache_read_input_tokens":700,"output_tokens":1}}}"""),
                event("content_block_start", """
                        {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"List the files first."}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"SIG-turn-1=="}}"""),
                event("content_block_stop", """
                        {"type":"content_block_stop","index":0}"""),
                event("content_block_start", """
                        {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01Ls","name":"shell","input":{}}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"command\\":[\\"ls\\"]}"}}"""),
                event("content_block_stop", """
                        {"type":"content_block_stop","index":1}"""),
                event("message_delta", """
                        {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":40}}"""),
                event("message_stop", """
                        {"type":"message_stop"}"""))).build());
        ArrayNode input = (ArrayNode) JSON.readTree("""
                [{"type":"message","role":"developer","content":[{"type":"input_text","text":"Sandbox: read-only."}]},
                 {"type":"message","role":"user","content":[{"type":"input_text","text":"What is in this folder?"}]}]""");

        RecordedAnswer first = send(codexRequest(input));

        JsonNode firstUpstream = upstreamBody();
        assertThat(firstUpstream.path("tools")).as("web_search and the namespace are dropped, the function tool kept")
                .hasSize(1);
        assertThat(firstUpstream.at("/tools/0/name").asText()).isEqualTo("shell");
        assertThat(firstUpstream.at("/system/0/text").asText()).isEqualTo("Sandbox: read-only.");
        assertThat(firstUpstream.at("/thinking/type").asText()).isEqualTo("enabled");
        assertThat(firstUpstream.at("/thinking/budget_tokens").asInt()).isLessThan(firstUpstream.path("max_tokens").asInt());
        assertThat(first.status).isEqualTo(200);
        List<SseEvent> events = first.events();
        List<JsonNode> data = first.eventData();
        assertThat(data).extracting(event -> event.path("sequence_number").asInt())
                .containsExactlyElementsOf(IntStream.range(0, data.size()).boxed().toList());
        assertThat(events.getLast().event()).contains("response.completed");
        JsonNode completed = data.getLast().path("response");
        assertThat(completed.at("/usage/input_tokens").asInt()).isEqualTo(1000);
        assertThat(completed.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(700);
        assertThat(completed.at("/usage/output_tokens").asInt()).isEqualTo(40);
        assertThat(completed.at("/usage/total_tokens").asInt()).isEqualTo(1040);
        List<JsonNode> items = data.stream().filter(event -> event.path("type").asText().equals("response.output_item.done"))
                .map(event -> event.path("item")).toList();
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("type").asText()).isEqualTo("reasoning");
        assertThat(items.get(0).path("encrypted_content").asText()).isEqualTo("SIG-turn-1==");
        assertThat(items.get(1).path("type").asText()).isEqualTo("function_call");
        assertThat(items.get(1).path("call_id").asText()).isEqualTo("toolu_01Ls");
        assertThat(completed.path("output")).containsExactlyElementsOf(items);

        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(claudeStream(
                event("message_start", """
                        {"type":"message_start","message":{"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"usage":{"input_tokens":20,"cache_read_input_tokens":1000,"output_tokens":1}}}"""),
                event("content_block_start", """
                        {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
                event("content_block_delta", """
                        {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Two files: a.txt and b.txt."}}"""),
                event("content_block_stop", """
                        {"type":"content_block_stop","index":0}"""),
                event("message_delta", """
                        {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}"""),
                event("message_stop", """
                        {"type":"message_stop"}"""))).build());
        input.add(items.get(0)).add(items.get(1));
        input.addObject().put("type", "function_call_output").put("call_id", "toolu_01Ls").put("output", "a.txt\nb.txt");

        RecordedAnswer second = send(codexRequest(input));

        JsonNode secondUpstream = upstreamBody();
        JsonNode messages = secondUpstream.path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(messages.at("/1/content/0/type").asText()).isEqualTo("thinking");
        assertThat(messages.at("/1/content/0/thinking").asText()).isEqualTo("List the files first.");
        assertThat(messages.at("/1/content/0/signature").asText()).isEqualTo("SIG-turn-1==");
        assertThat(messages.at("/1/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(messages.at("/1/content/1/id").asText()).isEqualTo("toolu_01Ls");
        assertThat(messages.at("/1/content/1/input/command/0").asText()).isEqualTo("ls");
        assertThat(messages.at("/2/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(messages.at("/2/content/0/tool_use_id").asText()).isEqualTo("toolu_01Ls");
        assertThat(messages.at("/2/content/0/content").asText()).isEqualTo("a.txt\nb.txt");
        assertThat(secondUpstream.at("/thinking/type").asText()).as("the history starts its tool turn with thinking").isEqualTo("enabled");
        JsonNode done = second.eventData().getLast();
        assertThat(done.path("type").asText()).isEqualTo("response.completed");
        assertThat(done.at("/response/output/0/type").asText()).isEqualTo("message");
        assertThat(done.at("/response/output/0/content/0/text").asText()).isEqualTo("Two files: a.txt and b.txt.");
        assertThat(done.at("/response/usage/input_tokens").asInt()).isEqualTo(1020);
    }

    @Test
    void aToolTurnWhoseReasoningCameWithoutEncryptedContentTurnsThinkingOff() throws Exception {
        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"msg_3","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Done."}],
                 "stop_reason":"end_turn","usage":{"input_tokens":10,"output_tokens":2}}""").build());
        ArrayNode input = (ArrayNode) JSON.readTree("""
                [{"type":"message","role":"user","content":"Run it."},
                 {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Run."}]},
                 {"type":"function_call","call_id":"toolu_9","name":"shell","arguments":"{\\"command\\":[\\"make\\"]}"},
                 {"type":"function_call_output","call_id":"toolu_9","output":"ok"}]""");
        ObjectNode request = codexRequest(input);
        request.put("stream", false);
        request.put("temperature", 1.5);

        RecordedAnswer answer = send(request);

        JsonNode upstream = upstreamBody();
        assertThat(upstream.has("thinking")).isFalse();
        assertThat(upstream.path("temperature").asDouble()).as("clamped into Anthropic's range").isEqualTo(1.0);
        assertThat(upstream.at("/messages/1/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.json().path("object").asText()).isEqualTo("response");
        assertThat(answer.json().path("status").asText()).isEqualTo("completed");
        assertThat(answer.json().at("/output/0/content/0/text").asText()).isEqualTo("Done.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"tools\":[{\"type\":\"web_search\"}]}",
        "{\"tools\":[{\"type\":\"function\",\"name\":\"f\"},{\"type\":\"local_shell\"}]}",
        "{\"previous_response_id\":\"resp_123\"}",
        "{\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}"})
    void whatAClaudeAccountCannotServeIsRefusedInOpenAisShapeBeforeAnyUpstreamCall(String extra) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree("{\"model\":\"claude-sonnet-4-5\",\"input\":\"Hi\"}");
        request.setAll((ObjectNode) JSON.readTree(extra));

        RecordedAnswer answer = send(request);

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(claude.getRequestCount()).isZero();
    }
}
