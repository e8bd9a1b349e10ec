package dev.llmrelay.core.request;

import java.util.Objects;
import java.util.Optional;

/**
 * What the engine needs to know of a client's request body, read once without building a tree: the model,
 * whether it streams, and the client's own conversation id where it sends one.
 */
public record InspectedRequest(String model, boolean stream, Optional<String> metadataUserId) {
    public InspectedRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metadataUserId, "metadataUserId");
    }
}
