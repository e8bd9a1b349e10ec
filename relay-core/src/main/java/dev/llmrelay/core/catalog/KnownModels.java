package dev.llmrelay.core.catalog;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.protocol.Protocol;
import java.util.List;

/** The models offered for an account that lists none of its own: each platform's current models. */
final class KnownModels {
    static final List<String> CLAUDE = List.of("claude-opus-4-8", "claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5");
    static final List<String> OPENAI = List.of("gpt-5", "gpt-5-codex", "gpt-5-mini", "gpt-4.1", "o3", "o4-mini");
    static final List<String> GEMINI = List.of("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite");

    private KnownModels() {
    }

    /** The known models of {@code platform} a client of {@code protocol} can use; none for openai-compatible. */
    static List<String> of(Platform platform, Protocol protocol) {
        return switch (platform) {
            case CLAUDE -> CLAUDE;
            case DROID -> protocol == Protocol.ANTHROPIC_MESSAGES ? CLAUDE : OPENAI;
            case OPENAI -> OPENAI;
            case GEMINI -> GEMINI;
            case OPENAI_COMPATIBLE -> List.of();
        };
    }
}
