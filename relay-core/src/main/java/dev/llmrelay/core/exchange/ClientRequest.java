package dev.llmrelay.core.exchange;

import java.util.Objects;
import java.util.Optional;

/**
 * A client's HTTP request as the host read it: the method, the decoded path below the server root, the raw
 * query, the headers and the whole body (already checked against the size limit by the host).
 */
public record ClientRequest(String method, String path, Optional<String> query, Headers headers, byte[] body) {

    public ClientRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** The value of query parameter {@code name}, undecoded, if present. */
    public Optional<String> queryParameter(String name) {
        if (query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.get().split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return Optional.empty();
    }
}
