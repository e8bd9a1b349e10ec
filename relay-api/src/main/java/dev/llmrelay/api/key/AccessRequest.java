package dev.llmrelay.api.key;

import dev.llmrelay.api.Service;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request wants of its key: a service, a model (empty for a request that names none, such as a model
 * listing), and the client it was recognised as (a client id such as {@code claude-code}, with the user agent
 * for custom patterns).
 */
public record AccessRequest(Service service, String model, Optional<String> clientId, String userAgent) {
    public AccessRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(userAgent, "userAgent");
    }
}
