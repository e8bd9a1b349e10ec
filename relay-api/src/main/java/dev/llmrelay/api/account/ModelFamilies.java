package dev.llmrelay.api.account;

import dev.llmrelay.api.Platform;

/** Which model names belong to a platform when an account lists no models of its own. */
final class ModelFamilies {
    private ModelFamilies() {
    }

    static boolean belongsTo(Platform platform, String model) {
        return switch (platform) {
            case CLAUDE -> isClaude(model);
            // Droid serves Claude on its Anthropic routes and OpenAI's models on its OpenAI routes.
            case DROID -> isClaude(model) || isOpenAi(model);
            case OPENAI -> isOpenAi(model);
            case GEMINI -> model.startsWith("gemini-");
            case OPENAI_COMPATIBLE -> true;
        };
    }

    private static boolean isClaude(String model) {
        return model.startsWith("claude-");
    }

    private static boolean isOpenAi(String model) {
        return model.startsWith("gpt-") || model.startsWith("codex-") || model.startsWith("chatgpt-")
                || (model.length() > 1 && model.charAt(0) == 'o' && Character.isDigit(model.charAt(1)));
    }
}
