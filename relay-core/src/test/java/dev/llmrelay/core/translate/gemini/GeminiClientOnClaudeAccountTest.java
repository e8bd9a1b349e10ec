package dev.llmrelay.core.translate.gemini;

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
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gemini CLI on a Claude account, through the engine: the model from the path goes into the Messages body, a
 * streamed tool call comes back as one whole functionCall part carrying Claude's tool_use id, and the next turn,
 * answering that call, reaches Claude as a tool_result for the same id.
 */
class GeminiClientOnClaudeAccountTest {
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
                .translator(new GeminiToAnthropicTranslator()).build();
    }

    @AfterEach
    void stop() {
        relay.close();
        store.close();
        claude.close();
    }

    private RecordedAnswer send(String method, String body) {
        var answer = new RecordedAnswer();
        boolean stream = method.equals("streamGenerateContent");
        relay.handle(new ClientRequest("POST", "/gemini/v1beta/models/claude-sonnet-4-5:" + method,
                stream ? Optional.of("alt=sse") : Optional.empty(), Headers.of("x-goog-api-key", "rk_test"),
                body.getBytes(StandardCharsets.UTF_8)), answer);
        return answer;
    }

    private JsonNode upstreamBody() throws Exception {
        RecordedRequest recorded = claude.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded).as("Claude was called").isNotNull();
        assertThat(recorded.getTarget()).isEqualTo("/v1/messages");
        assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo("sk-ant-test");
        return JSON.readTree(recorded.getBody().utf8());
    }

    @Test
    void aToolCallAndItsResultMakeTwoTurnsWithClaudesToolUseId() throws Exception {
        String tools = """
                "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather for a city",
                  "parametersJsonSchema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}]""";
        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":50,"cache_read_input_tokens":10,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01Oslo","name":"get_weather","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": "}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"Oslo\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":20}}

                event: message_stop
                data: {"type":"message_stop"}

                """).build());

        RecordedAnswer first = send("streamGenerateContent", """
                {"contents":[{"role":"user","parts":[{"text":"Weather in Oslo?"}]}],%s}""".formatted(tools));

        JsonNode firstUpstream = upstreamBody();
        assertThat(firstUpstream.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(firstUpstream.path("stream").asBoolean()).isTrue();
        assertThat(firstUpstream.path("tools").get(0).path("input_schema").path("required").get(0).asText()).isEqualTo("city");
        assertThat(first.status).isEqualTo(200);
        List<JsonNode> chunks = first.eventData();
        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Checking.");
        JsonNode call = chunks.get(1).at("/candidates/0/content/parts/0/functionCall");
        assertThat(call.path("id").asText()).isEqualTo("toolu_01Oslo");
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("args")).isEqualTo(JSON.readTree("{\"city\":\"Oslo\"}"));
        assertThat(chunks.get(2).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(chunks.get(2).at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(60);
        assertThat(chunks.get(2).at("/usageMetadata/cachedContentTokenCount").asInt()).isEqualTo(10);
        assertThat(chunks.get(2).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(20);

        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"It is 12 °C in Oslo."}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":90,"output_tokens":9}}""").build());

        RecordedAnswer second = send("generateContent", """
                {"contents":[
                  {"role":"user","parts":[{"text":"Weather in Oslo?"}]},
                  {"role":"model","parts":[{"text":"Checking."},{"functionCall":%s}]},
                  {"role":"user","parts":[{"functionResponse":{"id":"toolu_01Oslo","name":"get_weather","response":{"output":"12 °C"}}}]}
                 ],%s}""".formatted(JSON.writeValueAsString(call), tools));

        JsonNode messages = upstreamBody().path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
        assertThat(messages.at("/1/content/0/text").asText()).isEqualTo("Checking.");
        assertThat(messages.at("/1/content/1/type").asText()).isEqualTo("tool_use");
        assertThat(messages.at("/1/content/1/id").asText()).isEqualTo("toolu_01Oslo");
        assertThat(messages.at("/1/content/1/input/city").asText()).isEqualTo("Oslo");
        assertThat(messages.at("/2/role").asText()).isEqualTo("user");
        assertThat(messages.at("/2/content/0/type").asText()).isEqualTo("tool_result");
        assertThat(messages.at("/2/content/0/tool_use_id").asText()).isEqualTo("toolu_01Oslo");
        assertThat(messages.at("/2/content/0/content").asText()).isEqualTo("12 °C");
        assertThat(second.status).isEqualTo(200);
        JsonNode answer = second.json();
        assertThat(answer.at("/candidates/0/content/role").asText()).isEqualTo("model");
        assertThat(answer.at("/candidates/0/content/parts/0/text").asText()).isEqualTo("It is 12 °C in Oslo.");
        assertThat(answer.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(answer.at("/usageMetadata/totalTokenCount").asInt()).isEqualTo(99);
    }

    @Test
    void callsWithoutIdsAreMatchedToTheirResponsesByNameInOrder() throws Exception {
        claude.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"msg_03","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Both read."}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":2}}""")
                .build());

        send("generateContent", """
                {"contents":[
                  {"role":"user","parts":[{"text":"Read a and b."}]},
                  {"role":"model","parts":[{"functionCall":{"name":"read","args":{"path":"a"}}},{"functionCall":{"name":"read","args":{"path":"b"}}}]},
                  {"role":"user","parts":[{"functionResponse":{"name":"read","response":{"output":"A"}}},
                                          {"functionResponse":{"name":"read","response":{"error":"no such file"}}}]},
                  {"role":"user","parts":[{"text":"Go on."}]}
                 ]}""");

        JsonNode messages = upstreamBody().path("messages");
        String firstId = messages.at("/1/content/0/id").asText();
        String secondId = messages.at("/1/content/1/id").asText();
        assertThat(firstId).isNotEmpty().isNotEqualTo(secondId);
        assertThat(messages.at("/2/content/0/tool_use_id").asText()).isEqualTo(firstId);
        assertThat(messages.at("/2/content/0/content").asText()).isEqualTo("A");
        assertThat(messages.at("/2/content/1/tool_use_id").asText()).isEqualTo(secondId);
        assertThat(messages.at("/2/content/1/is_error").asBoolean()).isTrue();
        assertThat(messages.at("/2/content/2/text").asText()).as("the next user turn merges after the results").isEqualTo("Go on.");
        assertThat(messages).hasSize(3);
    }

    @Test
    void geminisOwnToolsAreRefusedInGooglesShapeBeforeAnyUpstreamCall() {
        RecordedAnswer answer = send("generateContent", """
                {"contents":[{"role":"user","parts":[{"text":"News today?"}]}],"tools":[{"googleSearch":{}}]}""");

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.json().at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.json().at("/error/message").asText()).contains("googleSearch");
        assertThat(claude.getRequestCount()).isZero();
    }
}
