package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The real Droid CLI (Factory's, npm package {@code droid}) with a BYOK custom model in
 * {@code ~/.factory/settings.json} pointed at the relay as docs/clients.md says, against a local upstream.
 * Droid needs no Factory login for a custom model. Runs only in the {@code cli-checks} profile:
 * {@code npm install -g droid} first.
 */
class DroidCliCheck {
    private static final String ANSWER = "Hi from the local upstream, through the relay to Droid!";

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @TempDir
    Path workDir;

    /** provider "anthropic" at {@code /droid/claude}: a Factory (droid) account serves it at Factory's {@code /a/v1/messages}. */
    @Test
    void droidWithAnAnthropicCustomModelOnTheDroidRoute() throws Exception {
        var dispatcher = new UpstreamDispatcher();
        try (var upstream = new MockWebServer()) {
            upstream.setDispatcher(dispatcher);
            upstream.start();
            try (var relay = RelayHarness.start(dataDir)) {
                relay.createAccount("""
                        {"name": "factory", "platform": "droid", "kind": "api-key", "apiKey": "fk-local-upstream", "baseUrl": "%s"}
                        """.formatted(upstream.url("/api/llm")));
                String key = relay.issueKey("droid");

                String seen = runDroid(dispatcher, key, "claude-sonnet-4-5", "anthropic", relay.uri() + "/droid/claude");

                RecordedRequest turn = first(dispatcher, "/api/llm/a/v1/messages", seen);
                assertThat(turn.getHeaders().get("authorization")).isEqualTo("Bearer fk-local-upstream");
                assertThat(turn.getHeaders().get("x-api-key")).isNull();
                assertThat(turn.getHeaders().get("x-api-provider")).isEqualTo("anthropic");
                assertThat(turn.getHeaders().get("user-agent")).startsWith("factory-cli/");
                assertThat(turn.getHeaders().toString()).doesNotContain(key);
                assertUsage(relay);
            }
        }
    }

    /** provider "openai" (Responses) at {@code /droid/openai/v1}: Factory's {@code /o/v1/responses}. */
    @Test
    void droidWithAnOpenAiCustomModelOnTheDroidRoute() throws Exception {
        var dispatcher = new UpstreamDispatcher();
        try (var upstream = new MockWebServer()) {
            upstream.setDispatcher(dispatcher);
            upstream.start();
            try (var relay = RelayHarness.start(dataDir)) {
                relay.createAccount("""
                        {"name": "factory", "platform": "droid", "kind": "api-key", "apiKey": "fk-local-upstream", "baseUrl": "%s"}
                        """.formatted(upstream.url("/api/llm")));
                String key = relay.issueKey("droid");

                String seen = runDroid(dispatcher, key, "gpt-5-codex", "openai", relay.uri() + "/droid/openai/v1");

                RecordedRequest turn = first(dispatcher, "/api/llm/o/v1/responses", seen);
                assertThat(turn.getHeaders().get("authorization")).isEqualTo("Bearer fk-local-upstream");
                assertThat(turn.getHeaders().get("x-api-provider")).isEqualTo("openai");
                assertThat(turn.getHeaders().toString()).doesNotContain(key);
                assertUsage(relay);
            }
        }
    }

    /** provider "generic-chat-completion-api" at {@code /openai/v1}: an OpenAI account's Chat Completions. */
    @Test
    void droidWithAChatCompletionsCustomModelOnTheOpenAiRoute() throws Exception {
        var dispatcher = new UpstreamDispatcher();
        try (var upstream = new MockWebServer()) {
            upstream.setDispatcher(dispatcher);
            upstream.start();
            try (var relay = RelayHarness.start(dataDir)) {
                relay.createAccount("""
                        {"name": "oa", "platform": "openai", "kind": "api-key", "apiKey": "sk-openai-local-upstream", "baseUrl": "%s"}
                        """.formatted(upstream.url("/v1")));
                String key = relay.issueKey("droid");

                String seen = runDroid(dispatcher, key, "gpt-4.1", "generic-chat-completion-api", relay.uri() + "/openai/v1");

                RecordedRequest turn = first(dispatcher, "/v1/chat/completions", seen);
                assertThat(turn.getHeaders().get("authorization")).isEqualTo("Bearer sk-openai-local-upstream");
                assertThat(turn.getHeaders().toString()).doesNotContain(key);
                assertUsage(relay);
            }
        }
    }

    /**
     * Writes one custom model to {@code ~/.factory/settings.json} (its key read from {@code RELAY_KEY}), runs
     * {@code droid exec -m custom:<model> "say hi"} and answers what the upstream saw.
     */
    private String runDroid(UpstreamDispatcher dispatcher, String key, String model, String provider, String baseUrl)
            throws Exception {
        Path settings = Files.createDirectories(home.resolve(".factory")).resolve("settings.json");
        Files.writeString(settings, """
                {"customModels": [{"model": "%s", "displayName": "%s via the relay", "baseUrl": "%s",
                  "apiKey": "${RELAY_KEY}", "provider": "%s", "maxOutputTokens": 8192}]}
                """.formatted(model, model, baseUrl, provider));
        CliRun droid = CliRun.run(workDir, "npm install -g droid", env -> {
            env.keySet().removeIf(name -> name.startsWith("ANTHROPIC_") || name.startsWith("OPENAI_")
                    || name.startsWith("FACTORY_"));
            env.put("HOME", home.toString());
            env.put("RELAY_KEY", key);
        }, "droid", "exec", "-m", "custom:" + model, "say hi");
        String seen = CliUpstreamAnswers.describe(dispatcher.requests);

        droid.assertSucceeded(seen);
        String output = droid.output();
        assertThat(output).contains(ANSWER);
        System.out.println("Droid CLI (" + provider + ") through the relay printed:\n" + output + "\nthe upstream saw:\n" + seen);
        return seen;
    }

    private static RecordedRequest first(UpstreamDispatcher dispatcher, String target, String seen) {
        return dispatcher.requests.stream().filter(r -> r.getTarget().equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no POST " + target + " reached the upstream:\n" + seen));
    }

    private static void assertUsage(RelayHarness relay) {
        JsonNode rows = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode r = relay.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
            return r.size() == 1 ? r : null;
        });
        assertThat(rows.get(0).get("inputTokens").asLong()).isPositive();
        assertThat(rows.get(0).get("outputTokens").asLong()).isPositive();
    }

    /**
     * A local upstream for all three protocols, on Factory's paths ({@code /api/llm/a/v1/messages},
     * {@code /api/llm/o/v1/responses}) and OpenAI's ({@code /v1/chat/completions}); 404 elsewhere.
     */
    private static final class UpstreamDispatcher extends Dispatcher {
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String target = request.getTarget();
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            boolean stream = body.contains("\"stream\":true");
            if (!"POST".equals(request.getMethod())) {
                return CliUpstreamAnswers.json(404, "{\"error\":{\"message\":\"not here\"}}");
            }
            if (target.endsWith("/v1/messages")) {
                return stream ? CliUpstreamAnswers.eventStream(CliUpstreamAnswers.anthropicStream(ANSWER))
                        : CliUpstreamAnswers.json(200, CliUpstreamAnswers.anthropicMessage(ANSWER));
            }
            if (target.endsWith("/v1/responses")) {
                return stream ? CliUpstreamAnswers.eventStream(CliUpstreamAnswers.responsesStream("gpt-5-codex", ANSWER))
                        : CliUpstreamAnswers.json(200, CliUpstreamAnswers.responsesWhole("gpt-5-codex", ANSWER));
            }
            if (target.endsWith("/v1/chat/completions")) {
                return stream ? CliUpstreamAnswers.eventStream(CliUpstreamAnswers.chatStream("gpt-4.1", ANSWER))
                        : CliUpstreamAnswers.json(200, CliUpstreamAnswers.chatWhole("gpt-4.1", ANSWER));
            }
            return CliUpstreamAnswers.json(404, "{\"error\":{\"message\":\"not here: " + target + "\"}}");
        }
    }
}
