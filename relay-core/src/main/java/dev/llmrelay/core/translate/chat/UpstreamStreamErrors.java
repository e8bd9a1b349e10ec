package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import java.util.Locale;

/**
 * An error an upstream reported inside a stream that had already started (vectors rule 26), as the relay's
 * own error, which the client's renderer then shapes: the one event the client gets instead of the rest.
 */
final class UpstreamStreamErrors {
    private UpstreamStreamErrors() {
    }

    /** A stream that stopped before its protocol's last event: an {@code api_error} for Claude clients. */
    static RelayError endedEarly() {
        return RelayError.of(ErrorKind.UPSTREAM, "the upstream stream ended before its last event");
    }

    /** A stream event that is not the JSON its protocol promises. */
    static RelayError unreadable() {
        return RelayError.of(ErrorKind.UPSTREAM, "the upstream sent a stream event that is not JSON");
    }

    /** Claude's {@code error} event: {@code {"type":"error","error":{"type","message"}}}. */
    static RelayError fromAnthropic(JsonNode event) {
        JsonNode error = event.path("error");
        String type = error.path("type").asText("");
        ErrorKind kind = switch (type) {
            case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
            case "authentication_error" -> ErrorKind.AUTHENTICATION;
            case "permission_error", "billing_error" -> ErrorKind.PERMISSION;
            case "not_found_error" -> ErrorKind.NOT_FOUND;
            case "request_too_large" -> ErrorKind.REQUEST_TOO_LARGE;
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            case "overloaded_error" -> ErrorKind.OVERLOADED;
            default -> ErrorKind.UPSTREAM;
        };
        return RelayError.of(kind, message(error.path("message"), type));
    }

    /**
     * A Chat chunk with an {@code error} key: OpenAI's {@code {"message","type","code"}}, or a bare string as
     * some compatible servers send.
     */
    static RelayError fromChat(JsonNode chunk) {
        JsonNode error = chunk.path("error");
        if (error.isTextual()) {
            return RelayError.of(ErrorKind.UPSTREAM, error.asText());
        }
        String type = error.path("type").asText("");
        String code = error.path("code").asText("");
        String both = (type + " " + code).toLowerCase(Locale.ROOT);
        ErrorKind kind;
        if (both.contains("rate_limit") || both.contains("insufficient_quota")) {
            kind = ErrorKind.RATE_LIMITED;
        } else if (both.contains("overloaded") || both.contains("service_unavailable")) {
            kind = ErrorKind.OVERLOADED;
        } else if (both.contains("invalid_request")) {
            kind = ErrorKind.INVALID_REQUEST;
        } else {
            kind = ErrorKind.UPSTREAM;
        }
        return RelayError.of(kind, message(error.path("message"), type.isEmpty() ? code : type));
    }

    private static String message(JsonNode message, String type) {
        if (message.isTextual() && !message.asText().isBlank()) {
            return message.asText();
        }
        return type.isEmpty() ? "the upstream failed during the stream" : "the upstream failed during the stream: " + type;
    }
}
