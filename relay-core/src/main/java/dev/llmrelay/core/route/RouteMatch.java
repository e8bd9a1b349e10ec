package dev.llmrelay.core.route;

import dev.llmrelay.api.protocol.Protocol;
import java.util.Objects;

/** What the route table made of a method and path. */
public sealed interface RouteMatch {

    /** The protocol errors for this path are rendered in. */
    Protocol errorProtocol();

    record Found(Route route, PathParameters parameters) implements RouteMatch {
        public Found {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(parameters, "parameters");
        }

        @Override
        public Protocol errorProtocol() {
            return route.clientProtocol();
        }
    }

    /** No route has this path; the error speaks the protocol its prefix suggests. */
    record NotFound(Protocol errorProtocol) implements RouteMatch {
    }

    /** The path exists but not with this method. */
    record MethodNotAllowed(Protocol errorProtocol, String allowed) implements RouteMatch {
    }
}
