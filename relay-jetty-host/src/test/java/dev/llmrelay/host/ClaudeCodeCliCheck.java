package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.host.config.RelayConfig;
import dev.llmrelay.redis.testing.TestRedis;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.UnaryOperator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code CLI from npm, pointed at the relay as README says, against a local Anthropic upstream.
 * Runs only in the {@code cli-checks} profile: {@code npm install -g @anthropic-ai/claude-code} first.
 */
class ClaudeCodeCliCheck {
    private static final String ANSWER = "Hi from the local upstream, through the relay!";

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @TempDir
    Path workDir;

    @Test
    void claudeCodeCompletesAPromptThroughTheRelay() throws Exception {
        completesAPrompt(UnaryOperator.identity());
    }

    @Test
    void claudeCodeCompletesAPromptThroughARelayOnRedis() throws Exception {
        TestRedis redis = TestRedis.startNew();
        try {
            String encryptionKey = CredentialCipher.newBase64Key(new SecureRandom());
            completesAPrompt(config -> config.withRedis(redis.url(), encryptionKey));
        } finally {
            redis.stop();
        }
    }

    private void completesAPrompt(UnaryOperator<RelayConfig> store) throws Exception {
        try (var upstream = new MockWebServer()) {
            upstream.setDispatcher(new AnthropicDispatcher());
            upstream.start();
            try (var relay = RelayHarness.start(dataDir, store)) {
                relay.createClaudeAccount("local", "sk-ant-local-upstream", upstream.url("/").toString());
                String key = relay.issueKey("claude-code");

                CliRun claude = CliRun.run(workDir, "npm install -g @anthropic-ai/claude-code", env -> {
                    env.put("HOME", home.toString());
                    env.put("ANTHROPIC_BASE_URL", relay.uri() + "/claude");
                    env.put("ANTHROPIC_AUTH_TOKEN", key);
                    env.remove("ANTHROPIC_API_KEY");
                }, "claude", "-p", "say hi");

                claude.assertSucceeded(upstream.getRequestCount() + " requests");
                assertThat(claude.output()).contains(ANSWER);
                RecordedRequest first = upstream.takeRequest();
                assertThat(first.getHeaders().get("x-api-key")).isEqualTo("sk-ant-local-upstream");
                assertThat(first.getHeaders().get("user-agent")).startsWith("claude-cli/");
                JsonNode rows = Poll.until(Duration.ofSeconds(10), () -> {
                    JsonNode r = relay.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
                    return r.size() == 1 ? r : null;
                });
                assertThat(rows.get(0).get("outputTokens").asLong()).isPositive();
            }
        }
    }

    /** A local Anthropic upstream: streamed or whole messages, token counting, 404 elsewhere. */
    private static final class AnthropicDispatcher extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String target = request.getTarget();
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            if (target.startsWith("/v1/messages/count_tokens")) {
                return json(200, "{\"input_tokens\": 42}");
            }
            if (target.startsWith("/v1/messages")) {
                if (body.contains("\"stream\":true")) {
                    return new MockResponse.Builder()
                            .setHeader("Content-Type", "text/event-stream")
                            .body(stream())
                            .build();
                }
                return json(200, """
                        {"id":"msg_whole","type":"message","role":"assistant","model":"claude-opus-4-8",
                         "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
                         "usage":{"input_tokens":30,"output_tokens":9}}""".formatted(ANSWER));
            }
            return json(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"not here\"}}");
        }

        private static String stream() {
            return """
                    event: message_start
                    data: {"type":"message_start","message":{"id":"msg_cli","type":"message","role":"assistant","model":"claude-opus-4-8","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":30,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}

                    event: content_block_start
                    data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                    event: content_block_delta
                    data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"%s"}}

                    event: content_block_stop
                    data: {"type":"content_block_stop","index":0}

                    event: message_delta
                    data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}

                    event: message_stop
                    data: {"type":"message_stop"}

                    """.formatted(ANSWER);
        }

        private static MockResponse json(int status, String body) {
            return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
        }
    }
}
