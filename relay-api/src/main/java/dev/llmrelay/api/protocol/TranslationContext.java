package dev.llmrelay.api.protocol;

import java.util.Objects;

/**
 * What a translator needs to know beyond the bodies: the model the client asked for (answers name it), the
 * model the upstream gets (after the account's mapping; Gemini puts it in the path, the others in the
 * body), whether the answer streams, and whether the client asked for usage in its stream (an OpenAI Chat
 * client's {@code stream_options.include_usage}).
 */
public record TranslationContext(String clientModel, String upstreamModel, boolean stream, boolean includeUsage) {
    public TranslationContext {
        Objects.requireNonNull(clientModel, "clientModel");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
    }

    /** A context whose client asked for no usage in its stream. */
    public TranslationContext(String clientModel, String upstreamModel, boolean stream) {
        this(clientModel, upstreamModel, stream, false);
    }
}
