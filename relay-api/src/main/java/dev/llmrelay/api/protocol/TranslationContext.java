package dev.llmrelay.api.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * What a translator needs to know beyond the bodies: the model the client asked for (answers name it), the
 * model the upstream gets (after the account's mapping; Gemini puts it in the path, the others in the
 * body), whether the answer streams, whether the client asked for usage in its stream (an OpenAI Chat
 * client's {@code stream_options.include_usage}), and, for a Code Assist account, the Google Cloud project its
 * requests must name.
 */
public record TranslationContext(String clientModel, String upstreamModel, boolean stream, boolean includeUsage,
                                 Optional<String> codeAssistProject) {
    public TranslationContext {
        Objects.requireNonNull(clientModel, "clientModel");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(codeAssistProject, "codeAssistProject");
    }

    /** A context for an account that is not a Code Assist one. */
    public TranslationContext(String clientModel, String upstreamModel, boolean stream, boolean includeUsage) {
        this(clientModel, upstreamModel, stream, includeUsage, Optional.empty());
    }

    /** A context whose client asked for no usage in its stream. */
    public TranslationContext(String clientModel, String upstreamModel, boolean stream) {
        this(clientModel, upstreamModel, stream, false);
    }

    /** This context for a Code Assist account whose project is {@code project}. */
    public TranslationContext withCodeAssistProject(String project) {
        return new TranslationContext(clientModel, upstreamModel, stream, includeUsage, Optional.of(project));
    }
}
