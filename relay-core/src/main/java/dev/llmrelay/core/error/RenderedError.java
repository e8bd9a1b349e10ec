package dev.llmrelay.core.error;

import dev.llmrelay.core.exchange.Headers;
import java.util.Objects;

/** An error ready to send: HTTP status, headers (content type, {@code retry-after}) and the JSON body. */
public record RenderedError(int status, Headers headers, byte[] body) {
    public RenderedError {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }
}
