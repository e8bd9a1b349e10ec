package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CLIs on accounts of another protocol, through the shipped translators: Claude Code on an
 * OpenAI-compatible (Chat) account, Codex CLI on a Claude and on an OpenAI-compatible account, Gemini CLI on
 * a Claude account (with an API key, and with Google login, whose Code Assist set-up calls the relay answers
 * itself). Runs only in the
 * {@code cli-checks} profile, with the three CLIs installed from npm.
 */
class TranslatedCliCheck {
    private static final String ANSWER = "Hi through a translator!";

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @TempDir
    Path workDir;

    /** An upstream of one protocol that answers every generation call with {@link #ANSWER}. */
    private static final class Upstream extends Dispatcher {
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        private final boolean chat;

        Upstream(boolean chat) {
            this.chat = chat;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            boolean stream = body.contains("\"stream\":true");
            if (chat) {
                return stream ? CliUpstreamAnswers.eventStream(CliUpstreamAnswers.chatStream("local-model", ANSWER))
                        : CliUpstreamAnswers.json(200, CliUpstreamAnswers.chatWhole("local-model", ANSWER));
            }
            return stream ? CliUpstreamAnswers.eventStream(CliUpstreamAnswers.anthropicStream(ANSWER))
                    : CliUpstreamAnswers.json(200, CliUpstreamAnswers.anthropicMessage(ANSWER));
        }
    }

    @Test
    void claudeCodeRunsOnAnOpenAiCompatibleAccount() throws Exception {
        var dispatcher = new Upstream(true);
        try (var upstream = new MockWebServer(); var relay = startedRelay(upstream, dispatcher)) {
            relay.createAccount("""
                    {"name": "local", "platform": "openai-compatible", "kind": "api-key", "apiKey": "sk-local",
                     "baseUrl": "%s", "models": ["local-model"]}""".formatted(upstream.url("/v1")));
            String key = relay.issueKey("claude-code");

            CliRun claude = CliRun.run(workDir, "npm install -g @anthropic-ai/claude-code", env -> {
                env.put("HOME", home.toString());
                env.put("ANTHROPIC_BASE_URL", relay.uri() + "/claude");
                env.put("ANTHROPIC_AUTH_TOKEN", key);
                env.put("ANTHROPIC_MODEL", "local-model");
                env.put("ANTHROPIC_SMALL_FAST_MODEL", "local-model");
                env.remove("ANTHROPIC_API_KEY");
            }, "claude", "-p", "say hi");

            claude.assertSucceeded(CliUpstreamAnswers.describe(dispatcher.requests));
            assertThat(claude.output()).contains(ANSWER);
            assertThat(dispatcher.requests).allSatisfy(r -> assertThat(r.getTarget()).isEqualTo("/v1/chat/completions"));
        }
    }

    @Test
    void codexRunsOnAClaudeAccount() throws Exception {
        var dispatcher = new Upstream(false);
        try (var upstream = new MockWebServer(); var relay = startedRelay(upstream, dispatcher)) {
            relay.createClaudeAccount("claude", "sk-ant-local", upstream.url("/").toString());
            String key = relay.issueKey("codex");
            Path codexHome = writeCodexConfig(relay, "claude-sonnet-4-5");

            CliRun codex = CliRun.run(workDir, "npm install -g @openai/codex", env -> {
                env.put("HOME", home.toString());
                env.put("CODEX_HOME", codexHome.toString());
                env.put("RELAY_KEY", key);
                env.remove("OPENAI_API_KEY");
                env.remove("OPENAI_BASE_URL");
            }, "codex", "exec", "--skip-git-repo-check", "say hi");

            codex.assertSucceeded(CliUpstreamAnswers.describe(dispatcher.requests));
            assertThat(codex.output()).contains(ANSWER);
            assertThat(dispatcher.requests).allSatisfy(r -> assertThat(r.getTarget()).isEqualTo("/v1/messages"));
        }
    }

    @Test
    void codexRunsOnAnOpenAiCompatibleAccount() throws Exception {
        var dispatcher = new Upstream(true);
        try (var upstream = new MockWebServer(); var relay = startedRelay(upstream, dispatcher)) {
            relay.createAccount("""
                    {"name": "local", "platform": "openai-compatible", "kind": "api-key", "apiKey": "sk-local",
                     "baseUrl": "%s", "models": ["local-model"]}""".formatted(upstream.url("/v1")));
            String key = relay.issueKey("codex");
            Path codexHome = writeCodexConfig(relay, "local-model");

            CliRun codex = CliRun.run(workDir, "npm install -g @openai/codex", env -> {
                env.put("HOME", home.toString());
                env.put("CODEX_HOME", codexHome.toString());
                env.put("RELAY_KEY", key);
                env.remove("OPENAI_API_KEY");
                env.remove("OPENAI_BASE_URL");
            }, "codex", "exec", "--skip-git-repo-check", "say hi");

            codex.assertSucceeded(CliUpstreamAnswers.describe(dispatcher.requests));
            assertThat(codex.output()).contains(ANSWER);
            assertThat(dispatcher.requests).allSatisfy(r -> assertThat(r.getTarget()).isEqualTo("/v1/chat/completions"));
        }
    }

    @Test
    void geminiCliRunsOnAClaudeAccount() throws Exception {
        var dispatcher = new Upstream(false);
        try (var upstream = new MockWebServer(); var relay = startedRelay(upstream, dispatcher)) {
            relay.createClaudeAccount("claude", "sk-ant-local", upstream.url("/").toString());
            String key = relay.issueKey("gemini-cli");
            Path settings = Files.createDirectories(home.resolve(".gemini")).resolve("settings.json");
            Files.writeString(settings, "{\"security\":{\"auth\":{\"selectedType\":\"gemini-api-key\"}}}");

            CliRun gemini = CliRun.run(workDir, "npm install -g @google/gemini-cli", env -> {
                env.keySet().removeIf(name -> name.startsWith("GEMINI_") || name.startsWith("GOOGLE_"));
                env.put("HOME", home.toString());
                env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
                env.put("GOOGLE_GEMINI_BASE_URL", relay.uri() + "/gemini");
                env.put("GEMINI_API_KEY", key);
            }, "gemini", "-m", "claude-sonnet-4-5", "-p", "say hi");

            gemini.assertSucceeded(CliUpstreamAnswers.describe(dispatcher.requests));
            assertThat(gemini.output()).contains(ANSWER);
        }
    }

    @Test
    void geminiCliWithGoogleLoginRunsOnAClaudeAccount() throws Exception {
        var dispatcher = new Upstream(false);
        try (var upstream = new MockWebServer(); var relay = startedRelay(upstream, dispatcher)) {
            relay.createClaudeAccount("claude", "sk-ant-local", upstream.url("/").toString());
            String key = relay.issueKey("gemini-cli");

            CliRun gemini = CliRun.run(workDir, "npm install -g @google/gemini-cli", env -> {
                env.keySet().removeIf(name -> name.startsWith("GEMINI_") || name.startsWith("GOOGLE_")
                        || name.equals("CODE_ASSIST_ENDPOINT"));
                env.put("HOME", home.toString());
                env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
                env.put("CODE_ASSIST_ENDPOINT", relay.uri() + "/gemini");
                env.put("GOOGLE_CLOUD_ACCESS_TOKEN", key);
                env.put("GOOGLE_GENAI_USE_GCA", "true");
            }, "gemini", "-m", "claude-sonnet-4-5", "-p", "say hi");

            gemini.assertSucceeded(CliUpstreamAnswers.describe(dispatcher.requests));
            assertThat(gemini.output()).contains(ANSWER);
            assertThat(dispatcher.requests).as("the set-up calls are the relay's own; only prompts reach Claude")
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getTarget()).isEqualTo("/v1/messages"));
        }
    }

    /** Codex's custom provider pointed at the relay, as docs/clients.md says, for {@code model}. */
    private Path writeCodexConfig(RelayHarness relay, String model) throws Exception {
        Path codexHome = Files.createDirectories(home.resolve(".codex"));
        Files.writeString(codexHome.resolve("config.toml"), """
                model = "%s"
                model_provider = "relay"

                [model_providers.relay]
                name = "LLM Relay"
                base_url = "%s/openai/v1"
                env_key = "RELAY_KEY"
                wire_api = "responses"
                """.formatted(model, relay.uri()));
        return codexHome;
    }

    private RelayHarness startedRelay(MockWebServer upstream, Dispatcher dispatcher) throws Exception {
        upstream.setDispatcher(dispatcher);
        upstream.start();
        return RelayHarness.start(dataDir);
    }
}
