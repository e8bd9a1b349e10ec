package dev.llmrelay.core.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.protocol.SseEvent;

/** Anthropic's {@code {"type":"error","error":{"type","message"}}}; an unavailable pool is 529 {@code overloaded_error}. */
public final class AnthropicErrorRenderer implements ErrorRenderer {
    private final ObjectMapper json;

    AnthropicErrorRenderer(ObjectMapper json) {
        this.json = json;
    }

    record Detail(String type, String message) {
    }

    record Body(String type, Detail error) {
    }

    @Override
    public RenderedError render(RelayError error) {
        return new RenderedError(error.kind().httpStatus(), JsonErrors.headers(error), JsonErrors.write(json, body(error)));
    }

    @Override
    public SseEvent streamEvent(RelayError error) {
        return SseEvent.of("error", JsonErrors.writeString(json, body(error)));
    }

    private static Body body(RelayError error) {
        return new Body("error", new Detail(errorType(error), error.message()));
    }

    private static String errorType(RelayError error) {
        return switch (error.kind()) {
            case INVALID_REQUEST -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case REQUEST_TOO_LARGE -> "request_too_large";
            case REQUEST_TIMEOUT -> "timeout_error";
            case RATE_LIMITED -> "rate_limit_error";
            case OVERLOADED, UNAVAILABLE -> "overloaded_error";
            case INTERNAL, UPSTREAM -> "api_error";
        };
    }
}
