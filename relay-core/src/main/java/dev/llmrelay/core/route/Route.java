package dev.llmrelay.core.route;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.protocol.Protocol;
import java.util.Objects;
import java.util.Set;

/**
 * A client-facing endpoint: the operation, the protocol the client speaks there, the service a key needs
 * for it and the account platforms that may serve it.
 */
public record Route(Operation operation, Protocol clientProtocol, Service service, Set<Platform> platforms) {
    public Route {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(clientProtocol, "clientProtocol");
        Objects.requireNonNull(service, "service");
        platforms = Set.copyOf(platforms);
    }
}
