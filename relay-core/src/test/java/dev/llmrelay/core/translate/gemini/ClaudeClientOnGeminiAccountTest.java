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
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude Code on a Gemini account, through the engine: the model goes into the upstream path, a Gemini
 * functionCall (which has no id) comes back as a whole tool_use block with an id of the relay's, and the next
 * turn's tool_result for that id reaches Gemini as a functionResponse named after the call.
 */
class ClaudeClientOnGeminiAccountTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer gemini = new MockWebServer();
    private final Clock clock = Clock.systemUTC();
    private RelayStore store;
    private Relay relay;

    @BeforeEach
    void start() throws Exception {
        gemini.start();
        store = RelayStore.inMemory(clock);
        store.accounts().save(new Account("acc_gemini", "gemini", Platform.GEMINI, new Credential.ApiKey(Secret.of("AIza-test")),
                gemini.url("/").toString(), Optional.empty(), 50, 0, Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE,
                clock.instant(), Optional.empty()));
        store.keys().save(new RelayKey("key_1", "k", KeyHash.of("rk_test"), true, Set.of(), Set.of(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                clock.instant(), Optional.empty(), Optional.empty()));
        relay = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).clock(clock)
                .translator(new AnthropicToGeminiTranslator()).build();
    }

    @AfterEach
    void stop() {
        relay.close();
        store.close();
        gemini.close();
    }

    private RecordedAnswer send(String body) {
        var answer = new RecordedAnswer();
        relay.handle(new ClientRequest("POST", "/claude/v1/messages", Optional.empty(), Headers.of("x-api-key", "rk_test"),
                body.getBytes(StandardCharsets.UTF_8)), answer);
        return answer;
    }

    private RecordedRequest upstreamRequest() throws Exception {
        RecordedRequest recorded = gemini.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded).as("Gemini was called").isNotNull();
        assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo("AIza-test");
        return recorded;
    }

    @Test
    void aToolCallAndItsResultMakeTwoTurnsWithTheRelaysToolUseId() throws Exception {
        String tools = """
                "tools":[{"name":"read_file","description":"Read a file",
                  "input_schema":{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}}]""";
        gemini.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body("""
                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me look."}]},"index":0}],"usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":3,"totalTokenCount":43},"responseId":"r1"}

                data: {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"read_file","args":{"path":"README.md"}},"thoughtSignature":"c2ln"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":12,"thoughtsTokenCount":30,"totalTokenCount":82},"responseId":"r1"}

                """).build());

        RecordedAnswer first = send("""
                {"model":"gemini-2.5-flash","max_tokens":1000,"stream":true,%s,
                 "messages":[{"role":"user","content":"What does the README say?"}]}""".formatted(tools));

        RecordedRequest firstUpstream = upstreamRequest();
        assertThat(firstUpstream.getTarget()).startsWith("/v1beta/models/gemini-2.5-flash:streamGenerateContent").contains("alt=sse");
        JsonNode firstBody = JSON.readTree(firstUpstream.getBody().utf8());
        assertThat(firstBody.has("model")).isFalse();
        assertThat(firstBody.at("/tools/0/functionDeclarations/0/parametersJsonSchema/required/0").asText()).isEqualTo("path");
        assertThat(firstBody.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(1000);

        assertThat(first.status).isEqualTo(200);
        List<SseEvent> events = first.events();
        assertThat(events).extracting(event -> event.event().orElse("")).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        List<JsonNode> data = first.eventData();
        JsonNode toolUse = data.get(4).path("content_block");
        String toolUseId = toolUse.path("id").asText();
        assertThat(toolUseId).startsWith("toolu_");
        assertThat(toolUse.path("name").asText()).isEqualTo("read_file");
        assertThat(JSON.readTree(data.get(5).at("/delta/partial_json").asText())).isEqualTo(JSON.readTree("{\"path\":\"README.md\"}"));
        assertThat(data.get(7).at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(data.get(7).at("/usage/input_tokens").asInt()).isEqualTo(40);
        assertThat(data.get(7).at("/usage/output_tokens").asInt()).as("thoughts count as output").isEqualTo(42);

        gemini.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"It explains how to build."}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":120,"cachedContentTokenCount":100,"candidatesTokenCount":6,"totalTokenCount":126},
                 "responseId":"r2"}""").build());

        RecordedAnswer second = send("""
                {"model":"gemini-2.5-flash","max_tokens":1000,%s,
                 "messages":[{"role":"user","content":"What does the README say?"},
                   {"role":"assistant","content":[{"type":"text","text":"Let me look."},
                     {"type":"tool_use","id":"%s","name":"read_file","input":{"path":"README.md"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"%s","content":[{"type":"text","text":"# Build"},{"type":"text","text":"Run make."}]},
                     {"type":"text","text":"Summarise it."}]}]}""".formatted(tools, toolUseId, toolUseId));

        RecordedRequest secondUpstream = upstreamRequest();
        assertThat(secondUpstream.getTarget()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        JsonNode contents = JSON.readTree(secondUpstream.getBody().utf8()).path("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.at("/1/role").asText()).isEqualTo("model");
        assertThat(contents.at("/1/parts/1/functionCall/name").asText()).isEqualTo("read_file");
        assertThat(contents.at("/2/role").asText()).isEqualTo("user");
        assertThat(contents.at("/2/parts/0/functionResponse/name").asText()).isEqualTo("read_file");
        assertThat(contents.at("/2/parts/0/functionResponse/response/output").asText()).isEqualTo("# Build\nRun make.");
        assertThat(contents.at("/2/parts/1/text").asText()).isEqualTo("Summarise it.");

        assertThat(second.status).isEqualTo(200);
        JsonNode message = second.json();
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("model").asText()).isEqualTo("gemini-2.5-flash");
        assertThat(message.at("/content/0/text").asText()).isEqualTo("It explains how to build.");
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(20);
        assertThat(message.at("/usage/cache_read_input_tokens").asInt()).isEqualTo(100);
        assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void aGeminiErrorMidStreamIsOneAnthropicErrorEventAndNothingAfter() {
        gemini.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body("""
                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Start"}]},"index":0}]}

                data: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}

                """).build());

        RecordedAnswer answer = send("""
                {"model":"gemini-2.5-flash","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        List<SseEvent> events = answer.events();
        assertThat(events).extracting(event -> event.event().orElse(""))
                .containsExactly("message_start", "content_block_start", "content_block_delta", "error");
        assertThat(answer.eventData().get(3).at("/error/type").asText()).isEqualTo("overloaded_error");
    }

    @Test
    void serverToolsAreRefusedInAnthropicsShapeBeforeAnyUpstreamCall() {
        RecordedAnswer answer = send("""
                {"model":"gemini-2.5-flash","max_tokens":100,"messages":[{"role":"user","content":"News?"}],
                 "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3}]}""");

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(answer.json().at("/error/message").asText()).contains("web_search_20250305");
        assertThat(gemini.getRequestCount()).isZero();
    }
}
