package dev.llmrelay.core.request;

import java.util.Objects;
import java.util.Optional;

/**
 * What the engine needs to know of a client's request, read once without building a tree of the body.
 *
 * @param model the model asked for; empty for requests that name none (Code Assist set-up calls)
 * @param sessionHint the conversation id the client put in the body (Claude Code's {@code metadata.user_id},
 *     Codex's {@code prompt_cache_key}, Gemini CLI's {@code session_id}), if any
 * @param conversationHash a hash of the system prompt and the first message: stable over one conversation
 * @param includeUsage whether an OpenAI Chat client asked for usage in its stream ({@code stream_options.include_usage})
 */
public record InspectedRequest(String model, boolean stream, Optional<String> sessionHint,
                               Optional<String> conversationHash, boolean includeUsage) {
    public InspectedRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(sessionHint, "sessionHint");
        Objects.requireNonNull(conversationHash, "conversationHash");
    }

    /** A request without a body, such as a model listing. */
    public static InspectedRequest bodiless() {
        return new InspectedRequest("", false, Optional.empty(), Optional.empty(), false);
    }
}
