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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude Code on an OpenAI-compatible account, through the engine: its Claude-only settings are left behind,
 * a streamed answer with reasoning, text and two interleaved tool calls comes back as Claude blocks, and the
 * next turn's tool results (one holding an image) reach the upstream as tool messages and a user message.
 */
class ClaudeClientOnChatAccountTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOLS = """
            "tools":[{"name":"grep","description":"Search files",
              "input_schema":{"type":"object","properties":{"pattern":{"type":"string"}},"required":["pattern"]},
              "cache_control":{"type":"ephemeral"}}]""";
    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private final MockWebServer openai = new MockWebServer();
    private final Clock clock = Clock.systemUTC();
    private RelayStore store;
    private Relay relay;

    @BeforeEach
    void start() throws Exception {
        openai.start();
        store = RelayStore.inMemory(clock);
        store.accounts().save(new Account("acc_compat", "compat", Platform.OPENAI_COMPATIBLE,
                new Credential.ApiKey(Secret.of("sk-compat")), openai.url("/v1").toString(), Optional.empty(), 50, 0,
                Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE, clock.instant(), Optional.empty()));
        store.keys().save(new RelayKey("key_1", "k", KeyHash.of("rk_test"), true, Set.of(), Set.of(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                clock.instant(), Optional.empty(), Optional.empty()));
        relay = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).clock(clock)
                .translator(new AnthropicToChatTranslator(JSON)).build();
    }

    @AfterEach
    void stop() {
        relay.close();
        store.close();
        openai.close();
    }

    private RecordedAnswer send(String body) {
        var answer = new RecordedAnswer();
        relay.handle(new ClientRequest("POST", "/claude/v1/messages", Optional.empty(), Headers.of("x-api-key", "rk_test"),
                body.getBytes(StandardCharsets.UTF_8)), answer);
        return answer;
    }

    private JsonNode upstreamBody() throws Exception {
        RecordedRequest recorded = openai.takeRequest(5, TimeUnit.SECONDS);
        assertThat(recorded).as("the Chat upstream was called").isNotNull();
        assertThat(recorded.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("authorization")).isEqualTo("Bearer sk-compat");
        return JSON.readTree(recorded.getBody().utf8());
    }

    private static String chunks(String... deltas) {
        return Stream.of(deltas)
                .map(delta -> delta.startsWith("{\"choices\":[]") || delta.startsWith("{\"error\"")
                        ? delta
                        : "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4.1\",\"choices\":[" + delta + "]}")
                .map(chunk -> "data: " + chunk + "\n\n")
                .collect(Collectors.joining()) + "data: [DONE]\n\n";
    }

    @Test
    void aToolRoundOfTwoTurnsKeepsTheCallIdsAndMovesResultImagesIntoAUserMessage() throws Exception {
        openai.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(chunks(
                """
                {"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}""",
                """
                {"index":0,"delta":{"reasoning_content":"The user wants the limit."},"finish_reason":null}""",
                """
                {"index":0,"delta":{"content":"Searching."},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_A","type":"function","function":{"name":"grep","arguments":""}},{"index":1,"id":"call_B","type":"function","function":{"name":"grep","arguments":""}}]},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"pattern\\":"}}]},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\\"pattern\\":\\"retryLimit\\"}"}}]},"finish_reason":null}""",
                """
                {"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"MAX_RETRIES\\"}"}}]},"finish_reason":null}""",
                """
                {"index":0,"delta":{},"finish_reason":"tool_calls"}""",
                """
                {"choices":[],"usage":{"prompt_tokens":500,"completion_tokens":30,"total_tokens":530,"prompt_tokens_details":{"cached_tokens":400}}}"""))
                .build());

        RecordedAnswer first = send("""
                {"model":"gpt-4.1","max_tokens":4096,"stream":true,%s,
                 "system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1"},
                           {"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
                 "thinking":{"type":"adaptive"},"context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]},
                 "output_config":{"effort":"high"},"metadata":{"user_id":"{\\"session_id\\":\\"s1\\"}"},
                 "messages":[{"role":"user","content":[{"type":"text","text":"Find the retry limit.","cache_control":{"type":"ephemeral"}}]}]}"""
                .formatted(TOOLS));

        JsonNode firstUpstream = upstreamBody();
        assertThat(firstUpstream.at("/messages/0")).isEqualTo(JSON.readTree("""
                {"role":"system","content":"x-anthropic-billing-header: cc_version=2.1\\n\\nYou are Claude Code."}"""));
        assertThat(firstUpstream.at("/messages/1")).isEqualTo(JSON.readTree("""
                {"role":"user","content":[{"type":"text","text":"Find the retry limit."}]}"""));
        assertThat(firstUpstream.path("max_completion_tokens").asInt()).isEqualTo(4096);
        assertThat(firstUpstream.path("stream_options")).isEqualTo(JSON.readTree("{\"include_usage\":true}"));
        assertThat(firstUpstream.path("user").asText()).isEqualTo("{\"session_id\":\"s1\"}");
        assertThat(firstUpstream.at("/tools/0/function/parameters/required/0").asText()).isEqualTo("pattern");
        assertThat(firstUpstream.has("thinking")).isFalse();
        assertThat(firstUpstream.has("context_management")).isFalse();
        assertThat(firstUpstream.has("output_config")).isFalse();
        assertThat(firstUpstream.has("reasoning_effort")).isFalse();

        assertThat(first.status).isEqualTo(200);
        assertThat(first.eventNames()).containsExactly("message_start",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_start",
                "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "content_block_stop", "message_delta", "message_stop");
        List<JsonNode> events = first.eventData();
        assertThat(events.get(1).at("/content_block/type").asText()).isEqualTo("thinking");
        assertThat(events.get(2).at("/delta/thinking").asText()).isEqualTo("The user wants the limit.");
        assertThat(events.get(5).at("/delta/text").asText()).isEqualTo("Searching.");
        assertThat(events.get(7).path("content_block")).isEqualTo(JSON.readTree("""
                {"type":"tool_use","id":"call_A","name":"grep","input":{}}"""));
        assertThat(events.get(8).at("/content_block/id").asText()).isEqualTo("call_B");
        assertThat(events.subList(9, 12)).extracting(event -> event.path("index").asInt() + " " + event.at("/delta/partial_json").asText())
                .containsExactly("2 {\"pattern\":", "3 {\"pattern\":\"retryLimit\"}", "2 \"MAX_RETRIES\"}");
        assertThat(events.subList(12, 14)).extracting(event -> event.path("index").asInt()).containsExactly(2, 3);
        assertThat(events.get(14).path("delta")).isEqualTo(JSON.readTree("{\"stop_reason\":\"tool_use\",\"stop_sequence\":null}"));
        assertThat(events.get(14).at("/usage/input_tokens").asInt()).isEqualTo(100);
        assertThat(events.get(14).at("/usage/cache_read_input_tokens").asInt()).isEqualTo(400);
        assertThat(events.get(14).at("/usage/output_tokens").asInt()).isEqualTo(30);

        openai.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body("""
                {"id":"chatcmpl-2","object":"chat.completion","created":2,"model":"gpt-4.1",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"MAX_RETRIES is 5, in src/config.py."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":900,"completion_tokens":12,"total_tokens":912,"prompt_tokens_details":{"cached_tokens":0}}}""")
                .build());

        RecordedAnswer second = send("""
                {"model":"gpt-4.1","max_tokens":4096,%s,"system":"You are Claude Code.",
                 "messages":[{"role":"user","content":"Find the retry limit."},
                   {"role":"assistant","content":[{"type":"thinking","thinking":"The user wants the limit.","signature":""},
                     {"type":"text","text":"Searching."},
                     {"type":"tool_use","id":"call_A","name":"grep","input":{"pattern":"MAX_RETRIES"}},
                     {"type":"tool_use","id":"call_B","name":"grep","input":{"pattern":"retryLimit"}}]},
                   {"role":"system","content":"Reminder: be terse."},
                   {"role":"user","content":[
                     {"type":"tool_result","tool_use_id":"call_A","content":"src/config.py:12:MAX_RETRIES = 5"},
                     {"type":"tool_result","tool_use_id":"call_B","is_error":true,"content":[{"type":"text","text":"See the screenshot."},
                       {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}}]},
                     {"type":"text","text":"Which one counts?"}]}]}""".formatted(TOOLS, PIXEL));

        JsonNode messages = upstreamBody().path("messages");
        assertThat(messages).hasSize(6);
        assertThat(messages.get(0)).isEqualTo(JSON.readTree("""
                {"role":"system","content":"You are Claude Code.\\n\\nReminder: be terse."}"""));
        assertThat(messages.get(1)).isEqualTo(JSON.readTree("{\"role\":\"user\",\"content\":\"Find the retry limit.\"}"));
        JsonNode assistant = messages.get(2);
        assertThat(assistant.path("content").asText()).isEqualTo("Searching.");
        assertThat(assistant.path("tool_calls")).hasSize(2);
        assertThat(assistant.at("/tool_calls/0/id").asText()).isEqualTo("call_A");
        assertThat(JSON.readTree(assistant.at("/tool_calls/0/function/arguments").asText()))
                .isEqualTo(JSON.readTree("{\"pattern\":\"MAX_RETRIES\"}"));
        assertThat(messages.get(3)).isEqualTo(JSON.readTree("""
                {"role":"tool","tool_call_id":"call_A","content":"src/config.py:12:MAX_RETRIES = 5"}"""));
        assertThat(messages.get(4)).isEqualTo(JSON.readTree("""
                {"role":"tool","tool_call_id":"call_B","content":[{"type":"text","text":"See the screenshot."}]}"""));
        assertThat(messages.get(5)).isEqualTo(JSON.readTree("""
                {"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}},
                  {"type":"text","text":"Which one counts?"}]}""".formatted(PIXEL)));

        assertThat(second.status).isEqualTo(200);
        JsonNode message = second.json();
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(message.path("content")).isEqualTo(JSON.readTree("""
                [{"type":"text","text":"MAX_RETRIES is 5, in src/config.py."}]"""));
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(900);
        assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void anErrorChunkMidStreamIsOneAnthropicErrorEventAndNothingAfter() {
        openai.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(chunks(
                """
                {"index":0,"delta":{"role":"assistant","content":"Start"},"finish_reason":null}""",
                """
                {"error":{"message":"Rate limit reached for gpt-4.1","type":"requests","code":"rate_limit_exceeded"}}""")).build());

        RecordedAnswer answer = send("""
                {"model":"gpt-4.1","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(answer.eventNames()).containsExactly("message_start", "content_block_start", "content_block_delta", "error");
        JsonNode error = answer.eventData().get(3);
        assertThat(error.at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.at("/error/message").asText()).isEqualTo("Rate limit reached for gpt-4.1");
    }

    @Test
    void aStreamThatEndsWithoutAFinishReasonIsAnApiError() {
        openai.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body("""
                data: {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1,"model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"Half"},"finish_reason":null}]}

                """).build());

        RecordedAnswer answer = send("""
                {"model":"gpt-4.1","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(answer.eventNames()).containsExactly("message_start", "content_block_start", "content_block_delta", "error");
        assertThat(answer.eventData().get(3).at("/error/type").asText()).isEqualTo("api_error");
    }

    @Test
    void serverToolsAndDocumentsAreRefusedInAnthropicsShapeBeforeAnyUpstreamCall() {
        RecordedAnswer webSearch = send("""
                {"model":"gpt-4.1","max_tokens":100,"messages":[{"role":"user","content":"News?"}],
                 "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":3}]}""");
        RecordedAnswer document = send("""
                {"model":"gpt-4.1","max_tokens":100,"messages":[{"role":"user","content":[
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}},
                  {"type":"text","text":"Summarise."}]}]}""");
        RecordedAnswer mcp = send("""
                {"model":"gpt-4.1","max_tokens":100,"messages":[{"role":"user","content":"Hi"}],
                 "mcp_servers":[{"type":"url","url":"https://mcp.example.com","name":"x"}]}""");

        assertThat(List.of(webSearch, document, mcp)).allSatisfy(answer -> {
            assertThat(answer.status).isEqualTo(400);
            assertThat(answer.json().at("/type").asText()).isEqualTo("error");
            assertThat(answer.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        });
        assertThat(webSearch.json().at("/error/message").asText()).contains("web_search_20250305");
        assertThat(document.json().at("/error/message").asText()).contains("document");
        assertThat(mcp.json().at("/error/message").asText()).contains("mcp_servers");
        assertThat(openai.getRequestCount()).isZero();
    }
}
