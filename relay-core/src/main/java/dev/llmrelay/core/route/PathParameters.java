package dev.llmrelay.core.route;

import java.util.Objects;
import java.util.Optional;

/**
 * What a route's path itself carries: Gemini's API version ({@code v1beta}, or {@code v1} as the Google Gen AI
 * SDKs default to), its {@code {model}} segment, and the {@code :{method}} of Gemini and Code Assist.
 */
public record PathParameters(Optional<String> apiVersion, Optional<String> model, Optional<String> method) {

    public static final PathParameters NONE = new PathParameters(Optional.empty(), Optional.empty(), Optional.empty());

    public PathParameters {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
    }
}
