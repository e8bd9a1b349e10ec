package dev.llmrelay.core.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.core.exchange.Headers;

/** What the three renderers share: JSON writing and the {@code retry-after} header. */
final class JsonErrors {
    private JsonErrors() {
    }

    static byte[] write(ObjectMapper json, Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body is plain records and always serialises", e);
        }
    }

    static String writeString(ObjectMapper json, Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body is plain records and always serialises", e);
        }
    }

    static Headers headers(RelayError error) {
        var headers = Headers.builder().add("Content-Type", "application/json");
        error.retryAfterSeconds().ifPresent(seconds -> headers.add("retry-after", Long.toString(seconds)));
        return headers.build();
    }
}
