package dev.llmrelay.core.key;

import dev.llmrelay.core.exchange.Headers;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises the well-known CLIs by the stable product token of their {@code User-Agent}, so that a new CLI
 * version is still recognised: {@code claude-code}, {@code codex-cli}, {@code gemini-cli}, {@code droid-cli}.
 */
public final class ClientRecognizer {

    /** The client id for these request headers, if the client is one the relay knows. */
    public Optional<String> recognise(Headers headers) {
        String userAgent = headers.first("user-agent").orElse("").toLowerCase(Locale.ROOT);
        if (userAgent.startsWith("claude-cli/") || userAgent.startsWith("claude-code/")) {
            return Optional.of("claude-code");
        }
        if (userAgent.startsWith("codex_cli_rs/") || userAgent.startsWith("codex_exec/")
                || headers.first("originator").map(o -> o.startsWith("codex")).orElse(false)) {
            return Optional.of("codex-cli");
        }
        if (userAgent.startsWith("geminicli/") || userAgent.contains("gemini-cli")) {
            return Optional.of("gemini-cli");
        }
        if (userAgent.startsWith("factory-cli/") || userAgent.startsWith("droid/")) {
            return Optional.of("droid-cli");
        }
        return Optional.empty();
    }
}
