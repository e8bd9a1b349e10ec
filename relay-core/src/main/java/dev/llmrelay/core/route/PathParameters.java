package dev.llmrelay.core.route;

import java.util.Objects;
import java.util.Optional;

/** What a route's path itself carries: Gemini's {@code {model}} segment and Code Assist's {@code :{method}}. */
public record PathParameters(Optional<String> model, Optional<String> method) {

    public static final PathParameters NONE = new PathParameters(Optional.empty(), Optional.empty());

    public PathParameters {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
    }
}
