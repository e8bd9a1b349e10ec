package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Codex CLI from npm, pointed at the relay as docs/clients.md says (a custom provider in
 * {@code $CODEX_HOME/config.toml} on {@code <relay>/openai/v1} with {@code wire_api = "responses"}), against a
 * local OpenAI Responses upstream. Runs only in the {@code cli-checks} profile:
 * {@code npm install -g @openai/codex} first.
 */
class CodexCliCheck {
    private static final String ANSWER = "Hi from the local Responses upstream, through the relay!";
    private static final String UPSTREAM_KEY = "sk-openai-local-upstream";
    private static final String MODEL = "gpt-5-codex";

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @TempDir
    Path workDir;

    @Test
    void codexExecCompletesAPromptThroughTheRelay() throws Exception {
        var dispatcher = new ResponsesDispatcher();
        try (var upstream = new MockWebServer()) {
            upstream.setDispatcher(dispatcher);
            upstream.start();
            try (var relay = RelayHarness.start(dataDir)) {
                relay.createAccount("""
                        {"name": "local-openai", "platform": "openai", "kind": "api-key", "apiKey": "%s", "baseUrl": "%s"}
                        """.formatted(UPSTREAM_KEY, upstream.url("/v1")));
                String key = relay.issueKey("codex");

                Path codexHome = Files.createDirectories(home.resolve(".codex"));
                Files.writeString(codexHome.resolve("config.toml"), """
                        model = "%s"
                        model_provider = "relay"

                        [model_providers.relay]
                        name = "LLM Relay"
                        base_url = "%s/openai/v1"
                        env_key = "RELAY_KEY"
                        wire_api = "responses"
                        """.formatted(MODEL, relay.uri()));

                CliRun codex = CliRun.run(workDir, "npm install -g @openai/codex", env -> {
                    env.put("HOME", home.toString());
                    env.put("CODEX_HOME", codexHome.toString());
                    env.put("RELAY_KEY", key);
                    env.remove("OPENAI_API_KEY");
                    env.remove("OPENAI_BASE_URL");
                }, "codex", "exec", "--skip-git-repo-check", "say hi");
                String seen = dispatcher.describe();

                codex.assertSucceeded(seen);
                String output = codex.output();
                assertThat(output).contains(ANSWER);

                RecordedRequest turn = dispatcher.requests.stream()
                        .filter(r -> r.getTarget().equals("/v1/responses")).findFirst()
                        .orElseThrow(() -> new AssertionError("no POST /v1/responses reached the upstream:\n" + seen));
                System.out.println("Codex CLI through the relay printed:\n" + output + "\nthe upstream saw:\n" + seen);
                assertThat(turn.getHeaders().get("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY);
                assertThat(turn.getHeaders().toString()).doesNotContain(key);
                assertThat(turn.getHeaders().get("user-agent")).startsWith("codex_exec/");
                assertThat(turn.getHeaders().get("originator")).isEqualTo("codex_exec");
                String session = turn.getHeaders().get("session-id");
                assertThat(session).as("Codex's session-id header").isNotBlank();
                assertThat(turn.getHeaders().get("thread-id")).as("Codex's thread-id header").isNotBlank();
                JsonNode body = new ObjectMapper().readTree(turn.getBody().utf8());
                assertThat(body.get("stream").asBoolean()).isTrue();
                assertThat(body.get("model").asText()).isEqualTo(MODEL);
                assertThat(body.get("prompt_cache_key").asText()).isEqualTo(session);

                JsonNode rows = Poll.until(Duration.ofSeconds(10), () -> {
                    JsonNode r = relay.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
                    return r.size() == 1 ? r : null;
                });
                assertThat(rows.get(0).get("inputTokens").asLong()).isEqualTo(30);
                assertThat(rows.get(0).get("outputTokens").asLong()).isEqualTo(9);
            }
        }
    }

    /** A local OpenAI upstream: streamed or whole Responses, 404 in OpenAI's error shape elsewhere. */
    private static final class ResponsesDispatcher extends Dispatcher {
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String target = request.getTarget();
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            if ("POST".equals(request.getMethod()) && target.startsWith("/v1/responses")) {
                return body.contains("\"stream\":true")
                        ? CliUpstreamAnswers.eventStream(CliUpstreamAnswers.responsesStream(MODEL, ANSWER))
                        : CliUpstreamAnswers.json(200, CliUpstreamAnswers.responsesWhole(MODEL, ANSWER));
            }
            return CliUpstreamAnswers.json(404, "{\"error\":{\"message\":\"not here: " + request.getMethod() + " " + target
                    + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
        }

        String describe() {
            return CliUpstreamAnswers.describe(requests);
        }
    }
}
