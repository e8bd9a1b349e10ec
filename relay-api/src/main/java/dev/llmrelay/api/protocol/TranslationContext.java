package dev.llmrelay.api.protocol;

import java.util.Objects;

/**
 * What a translator needs to know beyond the bodies: the model the client asked for (answers name it), the
 * model the upstream gets (after the account's mapping; Gemini puts it in the path, the others in the
 * body), and whether the answer streams.
 */
public record TranslationContext(String clientModel, String upstreamModel, boolean stream) {
    public TranslationContext {
        Objects.requireNonNull(clientModel, "clientModel");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
    }
}
