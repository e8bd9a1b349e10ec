package dev.llmrelay.core.key;

import dev.llmrelay.core.exchange.Headers;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the well-known CLIs by what they really send, keyed on the stable product token at the start of
 * their {@code User-Agent} (never on a version, so a new release is still recognised):
 *
 * <table>
 *   <caption>What each CLI sends (current npm releases, 2026-11)</caption>
 *   <tr><th>id</th><th>User-Agent</th><th>also</th></tr>
 *   <tr><td>{@code claude-code}</td><td>{@code claude-cli/2.1.197 (external, sdk-cli)}</td>
 *       <td>{@code x-app: cli}, {@code X-Claude-Code-Session-Id}</td></tr>
 *   <tr><td>{@code codex-cli}</td><td>{@code codex-tui/0.169.0 (...)}, {@code codex_exec/0.169.0 (...)},
 *       formerly {@code codex_cli_rs/...}</td><td>{@code originator: codex-tui | codex_exec}</td></tr>
 *   <tr><td>{@code gemini-cli}</td><td>{@code GeminiCLI-tui/0.61.0/gemini-3.1-pro-preview (linux; x64; terminal)},
 *       formerly {@code GeminiCLI/...}</td><td>{@code x-gemini-api-privileged-user-id}</td></tr>
 *   <tr><td>{@code droid-cli}</td><td>{@code factory-cli/0.215.0}</td><td></td></tr>
 * </table>
 */
public final class ClientRecognizer {

    public static final String CLAUDE_CODE = "claude-code";
    public static final String CODEX_CLI = "codex-cli";
    public static final String GEMINI_CLI = "gemini-cli";
    public static final String DROID_CLI = "droid-cli";

    /** The ids of the clients the relay recognises, as a key's {@code allowedClients} names them. */
    public static final Set<String> KNOWN_CLIENTS = Set.of(CLAUDE_CODE, CODEX_CLI, GEMINI_CLI, DROID_CLI);

    /** The client id for these request headers, if the client is one the relay knows. */
    public Optional<String> recognise(Headers headers) {
        String userAgent = headers.first("user-agent").orElse("").strip().toLowerCase(Locale.ROOT);
        if (userAgent.startsWith("claude-cli/") || userAgent.startsWith("claude-code/")) {
            return Optional.of(CLAUDE_CODE);
        }
        if (userAgent.startsWith("codex_") || userAgent.startsWith("codex-")
                || headers.first("originator").map(o -> o.toLowerCase(Locale.ROOT).startsWith("codex")).orElse(false)) {
            return Optional.of(CODEX_CLI);
        }
        if (userAgent.startsWith("geminicli")) {
            return Optional.of(GEMINI_CLI);
        }
        if (userAgent.startsWith("factory-cli/") || userAgent.startsWith("droid/")) {
            return Optional.of(DROID_CLI);
        }
        return Optional.empty();
    }
}
