package dev.llmrelay.core.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.protocol.SseEvent;

/** Google's {@code {"error":{"code","message","status"}}}; an unavailable pool is 503 {@code UNAVAILABLE}. */
public final class GoogleErrorRenderer implements ErrorRenderer {
    private final ObjectMapper json;

    GoogleErrorRenderer(ObjectMapper json) {
        this.json = json;
    }

    record Detail(int code, String message, String status) {
    }

    record Body(Detail error) {
    }

    @Override
    public RenderedError render(RelayError error) {
        int status = httpStatus(error.kind());
        return new RenderedError(status, JsonErrors.headers(error), JsonErrors.write(json, body(error)));
    }

    @Override
    public SseEvent streamEvent(RelayError error) {
        return SseEvent.data(JsonErrors.writeString(json, body(error)));
    }

    private static int httpStatus(ErrorKind kind) {
        return kind == ErrorKind.OVERLOADED ? 503 : kind.httpStatus();
    }

    private static Body body(RelayError error) {
        return new Body(new Detail(httpStatus(error.kind()), error.message(), status(error.kind())));
    }

    private static String status(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, REQUEST_TOO_LARGE -> "INVALID_ARGUMENT";
            case REQUEST_TIMEOUT -> "DEADLINE_EXCEEDED";
            case AUTHENTICATION -> "UNAUTHENTICATED";
            case PERMISSION -> "PERMISSION_DENIED";
            case NOT_FOUND -> "NOT_FOUND";
            case RATE_LIMITED -> "RESOURCE_EXHAUSTED";
            case INTERNAL, UPSTREAM -> "INTERNAL";
            case OVERLOADED, UNAVAILABLE -> "UNAVAILABLE";
        };
    }
}
