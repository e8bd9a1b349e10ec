package dev.llmrelay.api.account;

import dev.llmrelay.api.Platform;

/** Which model names belong to a platform when an account lists no models of its own. */
final class ModelFamilies {
    private ModelFamilies() {
    }

    static boolean belongsTo(Platform platform, String model) {
        return switch (platform) {
            case CLAUDE, DROID -> model.startsWith("claude-");
            case OPENAI -> model.startsWith("gpt-") || model.startsWith("codex-") || model.startsWith("chatgpt-")
                    || (model.length() > 1 && model.charAt(0) == 'o' && Character.isDigit(model.charAt(1)));
            case GEMINI -> model.startsWith("gemini-");
            case OPENAI_COMPATIBLE -> true;
        };
    }
}
