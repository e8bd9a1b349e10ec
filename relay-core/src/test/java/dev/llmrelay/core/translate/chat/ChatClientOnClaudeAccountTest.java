package dev.llmrelay.core.translate.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.core.translate.RecordedAnswer;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.store.RelayStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An OpenAI app on a Claude account, through the engine: a streamed tool call comes back as Chat tool-call
 * chunks with Claude's ids, and the next turn (the assistant's tool calls and the tool's answer) reaches
 * Claude as tool_use and tool_result blocks with the same ids.
 */
class ChatClientOnClaudeAccountTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = """
            "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
              "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]""";

    private final MockWebServer claude = new MockWebServer();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T08:00:00Z"), ZoneOffset.UTC);
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
                .translator(new ChatToAnthropicTranslator(JSON, clock)).build();
    }

    @AfterEach
    void stop() {
        relay.close();
        store.close();
        claude.close();
    }

    private RecordedAnswer send(String body) {
        var answer = new RecordedAnswer();
        relay.handle(new ClientRequest("POST", "/openai/v1/chat/completions", Optional.empty(),
                Headers.of("authorization", "Bearer rk_test"), body.getBytes(StandardCharsets.UTF_8)), answer);
        return answer;
    }

    private JsonNode upstreamBody() throws Exception {
        RecordedRequest recorded = claude.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded).as("Claude was called").isNotNull();
        assertThat(recorded.getTarget()).isEqualTo("/v1/messages");
        assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo("sk-ant-test");
        return JSON.readTree(recorded.getBody().utf8());
    }

    private static String sse(String... events) {
        StringBuilder stream = new StringBuilder();
        for (String data : events) {
            stream.append("event: ").append(type(data)).append("\ndata: ").append(data).append("\n\n");
        }
        return stream.toString();
    }

    private static String type(String data) {
        try {
            return JSON.readTree(data).path("type").asText();
        } catch (Exception e) {
            throw new IllegalArgumentException(data, e);
        }
    }

    @Test
    void aToolCallAndItsResultMakeTwoTurnsWithClaudesCallIds() throws Exception {
        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(sse(
                """
                {"type":"message_start","message":{"id":"msg_01A","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":50,"cache_read_input_tokens":0,"output_tokens":1}}}""",
                """
                {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_01Oslo","name":"get_weather","input":{}}}""",
                """
                {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\":"}}""",
                """
                {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"\\"Oslo\\"}"}}""",
                """
                {"type":"content_block_stop","index":0}""",
                """
                {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":20}}""",
                """
                {"type":"message_stop"}""")).build());

        RecordedAnswer first = send("""
                {"model":"claude-sonnet-4-5","stream":true,%s,"tool_choice":"auto","parallel_tool_calls":false,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Oslo?"}]}""".formatted(TOOLS));

        JsonNode firstUpstream = upstreamBody();
        assertThat(firstUpstream.at("/system/0/text").asText()).isEqualTo("Be brief.");
        assertThat(firstUpstream.at("/tools/0/input_schema/required/0").asText()).isEqualTo("city");
        assertThat(firstUpstream.path("tool_choice")).isEqualTo(JSON.readTree("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
        assertThat(firstUpstream.path("max_tokens").asInt()).isPositive();
        assertThat(firstUpstream.path("stream").asBoolean()).isTrue();

        assertThat(first.status).isEqualTo(200);
        List<JsonNode> chunks = first.eventData();
        assertThat(chunks).hasSize(6);
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        JsonNode call = chunks.get(1).at("/choices/0/delta/tool_calls/0");
        assertThat(call.path("index").asInt()).isZero();
        assertThat(call.path("id").asText()).isEqualTo("toolu_01Oslo");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        String arguments = chunks.get(2).at("/choices/0/delta/tool_calls/0/function/arguments").asText()
                + chunks.get(3).at("/choices/0/delta/tool_calls/0/function/arguments").asText();
        assertThat(arguments).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(chunks.get(4).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(chunks.get(5).asText()).isEqualTo("[DONE]");
        assertThat(chunks.subList(0, 5)).allSatisfy(chunk -> {
            assertThat(chunk.path("id").asText()).isEqualTo("msg_01A");
            assertThat(chunk.path("created").asLong()).isEqualTo(clock.instant().getEpochSecond());
            assertThat(chunk.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        });

        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"msg_01B","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"It is 4 °C and cloudy in Oslo."}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":30,"cache_creation_input_tokens":10,"cache_read_input_tokens":60,"output_tokens":12}}""").build());

        RecordedAnswer second = send("""
                {"model":"claude-sonnet-4-5",%s,"reasoning_effort":"high","temperature":0.7,
                 "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Oslo?"},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_01Oslo","type":"function",
                     "function":{"name":"get_weather","arguments":"%s"}}]},
                   {"role":"tool","tool_call_id":"toolu_01Oslo","content":"{\\"temp\\":4,\\"sky\\":\\"cloudy\\"}"}]}"""
                .formatted(TOOLS, arguments.replace("\"", "\\\"")));

        JsonNode secondUpstream = upstreamBody();
        JsonNode messages = secondUpstream.path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(messages.at("/1/content/0")).isEqualTo(JSON.readTree("""
                {"type":"tool_use","id":"toolu_01Oslo","name":"get_weather","input":{"city":"Oslo"}}"""));
        assertThat(messages.at("/2/role").asText()).isEqualTo("user");
        assertThat(messages.at("/2/content/0")).isEqualTo(JSON.readTree("""
                {"type":"tool_result","tool_use_id":"toolu_01Oslo","content":"{\\"temp\\":4,\\"sky\\":\\"cloudy\\"}"}"""));
        assertThat(secondUpstream.has("thinking")).as("no thinking: the tool turn has no signed thinking block").isFalse();
        assertThat(secondUpstream.path("temperature").asDouble()).isEqualTo(0.7);

        assertThat(second.status).isEqualTo(200);
        JsonNode completion = second.json();
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("It is 4 °C and cloudy in Oslo.");
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.at("/usage/prompt_tokens").asInt()).isEqualTo(100);
        assertThat(completion.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(60);
        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(12);
        assertThat(completion.at("/usage/total_tokens").asInt()).isEqualTo(112);
    }

    @Test
    void reasoningEffortWithoutToolHistoryBecomesAThinkingBudgetAndThinkingComesBackAsReasoningContent() throws Exception {
        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"msg_01C","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"thinking","thinking":"Two and two.","signature":"c2ln"},{"type":"text","text":"4"}],
                 "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":40}}""").build());

        RecordedAnswer answer = send("""
                {"model":"claude-sonnet-4-5","reasoning_effort":"medium","temperature":0.2,"top_p":0.9,
                 "messages":[{"role":"user","content":"2+2?"}]}""");

        JsonNode upstream = upstreamBody();
        int budget = upstream.at("/thinking/budget_tokens").asInt();
        assertThat(upstream.at("/thinking/type").asText()).isEqualTo("enabled");
        assertThat(budget).isGreaterThanOrEqualTo(1024).isLessThan(upstream.path("max_tokens").asInt());
        assertThat(upstream.has("temperature")).as("Claude takes no sampling settings with thinking").isFalse();
        assertThat(upstream.has("top_p")).isFalse();
        JsonNode message = answer.json().at("/choices/0/message");
        assertThat(message.path("content").asText()).isEqualTo("4");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("Two and two.");
    }

    @Test
    void whatClaudeCannotExpressIsRefusedInOpenAisShapeBeforeAnyUpstreamCall() {
        RecordedAnswer audio = send("""
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[
                  {"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}]}]}""");
        RecordedAnswer logprobs = send("""
                {"model":"claude-sonnet-4-5","logprobs":true,"messages":[{"role":"user","content":"Hi"}]}""");
        RecordedAnswer badArguments = send("""
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Hi"},
                  {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{not json"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"ok"}]}""");

        assertThat(List.of(audio, logprobs, badArguments)).allSatisfy(answer -> {
            assertThat(answer.status).isEqualTo(400);
            assertThat(answer.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        });
        assertThat(audio.json().at("/error/message").asText()).contains("audio");
        assertThat(logprobs.json().at("/error/message").asText()).contains("logprobs");
        assertThat(badArguments.json().at("/error/message").asText()).contains("messages[1].tool_calls[0]");
        assertThat(claude.getRequestCount()).isZero();
    }

    @Test
    void aClaudeStreamCutBeforeMessageStopEndsWithOneErrorChunkAndNoDone() {
        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(sse(
                """
                {"type":"message_start","message":{"id":"msg_01D","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":5,"output_tokens":1}}}""",
                """
                {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
                """
                {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Once upon"}}""")).build());

        RecordedAnswer answer = send("""
                {"model":"claude-sonnet-4-5","stream":true,"messages":[{"role":"user","content":"A story"}]}""");

        List<JsonNode> chunks = answer.eventData();
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Once upon");
        assertThat(chunks.get(2).path("error").path("message").asText()).isNotEmpty();
    }

    @Test
    void theUsageChunkComesOnlyWhenTheClientAskedForIt() {
        var translator = new ChatToAnthropicTranslator(JSON, clock);
        var context = new TranslationContext("claude-haiku-4-5", "claude-haiku-4-5", true);
        List<SseEvent> upstream = List.of(
                SseEvent.of("message_start", """
                        {"type":"message_start","message":{"id":"msg_01E","usage":{"input_tokens":7,"cache_read_input_tokens":3,"output_tokens":1}}}"""),
                SseEvent.of("message_delta", """
                        {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":5}}"""),
                SseEvent.of("message_stop", "{\"type\":\"message_stop\"}"));

        List<SseEvent> asked = run(translator.newStreamTranslation(
                new TranslationContext("claude-haiku-4-5", "claude-haiku-4-5", true, true)), upstream);
        List<SseEvent> notAsked = run(translator.newStreamTranslation(context), upstream);

        assertThat(asked).hasSize(4);
        assertThat(asked.get(2).data()).contains("\"choices\":[]").contains("\"prompt_tokens\":10")
                .contains("\"completion_tokens\":5").contains("\"cached_tokens\":3");
        assertThat(asked.get(3).data()).isEqualTo("[DONE]");
        assertThat(notAsked).extracting(SseEvent::data).doesNotContain(asked.get(2).data()).endsWith("[DONE]").hasSize(3);
    }

    private static List<SseEvent> run(StreamTranslation translation, List<SseEvent> upstream) {
        List<SseEvent> client = new ArrayList<>();
        upstream.forEach(event -> client.addAll(translation.onEvent(event)));
        client.addAll(translation.onEnd());
        return client;
    }
}
