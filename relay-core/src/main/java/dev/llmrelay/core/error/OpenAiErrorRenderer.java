package dev.llmrelay.core.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.protocol.SseEvent;

/** OpenAI's {@code {"error":{"message","type","code"}}}; an unavailable pool is 503. */
public final class OpenAiErrorRenderer implements ErrorRenderer {
    private final ObjectMapper json;

    OpenAiErrorRenderer(ObjectMapper json) {
        this.json = json;
    }

    record Detail(String message, String type, String code) {
    }

    record Body(Detail error) {
    }

    @Override
    public RenderedError render(RelayError error) {
        int status = error.kind() == ErrorKind.OVERLOADED ? 503 : error.kind().httpStatus();
        return new RenderedError(status, JsonErrors.headers(error), JsonErrors.write(json, body(error)));
    }

    @Override
    public SseEvent streamEvent(RelayError error) {
        return SseEvent.data(JsonErrors.writeString(json, body(error)));
    }

    private static Body body(RelayError error) {
        return new Body(new Detail(error.message(), errorType(error.kind()), errorCode(error.kind())));
    }

    private static String errorType(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, REQUEST_TOO_LARGE, REQUEST_TIMEOUT, NOT_FOUND -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case PERMISSION -> "permission_error";
            case RATE_LIMITED -> "rate_limit_error";
            case INTERNAL, UPSTREAM, UNAVAILABLE, OVERLOADED -> "server_error";
        };
    }

    private static String errorCode(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> "invalid_request";
            case REQUEST_TOO_LARGE -> "request_too_large";
            case REQUEST_TIMEOUT -> "request_timeout";
            case NOT_FOUND -> "not_found";
            case AUTHENTICATION -> "invalid_api_key";
            case PERMISSION -> "permission_denied";
            case RATE_LIMITED -> "rate_limit_exceeded";
            case OVERLOADED, UNAVAILABLE -> "service_unavailable";
            case INTERNAL, UPSTREAM -> "server_error";
        };
    }
}
