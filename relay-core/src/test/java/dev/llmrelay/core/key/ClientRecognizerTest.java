package dev.llmrelay.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.core.exchange.Headers;
import org.junit.jupiter.api.Test;

/**
 * What the real CLIs sent to a capture server on 127.0.0.1 (npm releases of 2026-11, each run with a fresh
 * HOME and pointed at the server as its docs say), recorded here as fixtures.
 */
class ClientRecognizerTest {
    private final ClientRecognizer clients = new ClientRecognizer();

    /** Claude Code 2.1.197, {@code claude -p}, ANTHROPIC_BASE_URL=http://127.0.0.1:PORT/claude. */
    static final Headers CLAUDE_CODE_2_1_197 = Headers.of(
            "User-Agent", "claude-cli/2.1.197 (external, sdk-cli)",
            "X-Claude-Code-Session-Id", "f646bf67-39b7-4b64-bdcd-aeb406a63445",
            "X-Stainless-Package-Version", "0.94.0",
            "anthropic-version", "2023-06-01",
            "anthropic-dangerous-direct-browser-access", "true",
            "x-app", "cli");

    /** Codex CLI 0.169.0 TUI ({@code codex "..."}), a custom provider with wire_api = "responses". */
    static final Headers CODEX_TUI_0_169 = Headers.of(
            "user-agent", "codex-tui/0.169.0 (Debian 12.0.0; x86_64) xterm (codex-tui; 0.169.0)",
            "originator", "codex-tui",
            "session-id", "01a20aeb-11f8-7761-9177-2f3b9c196d0f",
            "thread-id", "01a20aeb-11f8-7761-9177-2f3b9c196d0f",
            "x-client-request-id", "01a20aeb-11f8-7761-9177-2f3b9c196d0f",
            "x-codex-beta-features", "remote_compaction_v2");

    /** Codex CLI 0.169.0, {@code codex exec}. */
    static final Headers CODEX_EXEC_0_169 = Headers.of(
            "user-agent", "codex_exec/0.169.0 (Debian 12.0.0; x86_64) xterm (codex_exec; 0.169.0)",
            "originator", "codex_exec",
            "session-id", "01a20aeb-11f8-7761-9177-2f3b9c196d0f");

    /** Gemini CLI 0.61.0, {@code gemini -p}, GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:PORT/gemini. */
    static final Headers GEMINI_CLI_0_61 = Headers.of(
            "User-Agent", "GeminiCLI-tui/0.61.0/gemini-3.1-pro-preview (linux; x64; terminal)",
            "x-goog-api-client", "google-genai-sdk/1.30.0 gl-node/v20.20.2",
            "x-gemini-api-privileged-user-id", "d80220c1-ee3d-490a-be04-63b96307d14a");

    /** Droid CLI 0.215.0 ({@code droid} on npm), {@code droid exec} with an Anthropic custom model. */
    static final Headers DROID_0_215_ANTHROPIC = Headers.of(
            "User-Agent", "factory-cli/0.215.0",
            "X-Stainless-Package-Version", "0.70.1",
            "anthropic-beta", "interleaved-thinking-2025-05-14",
            "anthropic-version", "2023-06-01");

    /** Droid CLI 0.215.0 with an OpenAI (Responses) custom model. */
    static final Headers DROID_0_215_OPENAI = Headers.of(
            "User-Agent", "factory-cli/0.215.0",
            "X-Stainless-Package-Version", "6.25.0",
            "OpenAI-Platform", "org-bHuLtG1fGmYk5YaOihAAXFBw");

    @Test
    void claudeCodeIsRecognisedByItsProductToken() {
        assertThat(clients.recognise(CLAUDE_CODE_2_1_197)).contains("claude-code");
        assertThat(clients.recognise(Headers.of("User-Agent", "claude-cli/3.0.0 (external, cli)"))).contains("claude-code");
    }

    @Test
    void codexIsRecognisedInEachOfItsModes() {
        assertThat(clients.recognise(CODEX_TUI_0_169)).contains("codex-cli");
        assertThat(clients.recognise(CODEX_EXEC_0_169)).contains("codex-cli");
        assertThat(clients.recognise(Headers.of("user-agent", "codex_cli_rs/0.20.0 (Mac OS 14.5; arm64)"))).contains("codex-cli");
        assertThat(clients.recognise(Headers.of("user-agent", "reqwest", "originator", "codex_vscode"))).contains("codex-cli");
    }

    @Test
    void geminiCliIsRecognisedWhateverItsModeAndModel() {
        assertThat(clients.recognise(GEMINI_CLI_0_61)).contains("gemini-cli");
        assertThat(clients.recognise(Headers.of("User-Agent", "GeminiCLI/0.1.5 (linux; x64)"))).contains("gemini-cli");
    }

    @Test
    void droidIsRecognisedOnBothItsProviders() {
        assertThat(clients.recognise(DROID_0_215_ANTHROPIC)).contains("droid-cli");
        assertThat(clients.recognise(DROID_0_215_OPENAI)).contains("droid-cli");
    }

    @Test
    void aNewerVersionOfEachCliIsStillRecognised() {
        assertThat(clients.recognise(Headers.of("User-Agent", "claude-cli/9.99.0 (external, cli, agent-sdk)"))).contains("claude-code");
        assertThat(clients.recognise(Headers.of("user-agent", "codex-tui/1.0.0 (Ubuntu 26.04; aarch64) ghostty"))).contains("codex-cli");
        assertThat(clients.recognise(Headers.of("User-Agent", "GeminiCLI-a2a/1.2.0/gemini-4-pro (darwin; arm64)"))).contains("gemini-cli");
        assertThat(clients.recognise(Headers.of("User-Agent", "factory-cli/1.0.0"))).contains("droid-cli");
    }

    @Test
    void sdksAndOtherToolsAreNotMistakenForACli() {
        assertThat(clients.recognise(Headers.of("User-Agent", "Anthropic/JS 0.94.0"))).isEmpty();
        assertThat(clients.recognise(Headers.of("User-Agent", "OpenAI/Python 2.8.0"))).isEmpty();
        assertThat(clients.recognise(Headers.of("User-Agent", "curl/8.5.0"))).isEmpty();
        assertThat(clients.recognise(Headers.of("User-Agent", "my-claude-cli-wrapper/1.0"))).isEmpty();
        assertThat(clients.recognise(Headers.empty())).isEmpty();
    }
}
