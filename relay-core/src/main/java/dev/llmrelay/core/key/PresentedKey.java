package dev.llmrelay.core.key;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.Secret;
import dev.llmrelay.core.exchange.ClientRequest;
import java.util.Optional;

/**
 * Finds the relay key a client sent, wherever its SDK puts the provider key: {@code x-api-key},
 * {@code Authorization: Bearer}, {@code x-goog-api-key} or the {@code key} query parameter.
 */
public final class PresentedKey {
    private PresentedKey() {
    }

    /** The error for a request that presents no key at all. */
    public static RelayError missing() {
        return RelayError.of(ErrorKind.AUTHENTICATION, "no relay key: send it where your SDK sends its API key "
                + "(x-api-key, Authorization: Bearer, x-goog-api-key or ?key=)");
    }

    /** The error for a key the relay does not know. */
    public static RelayError unknown() {
        return RelayError.of(ErrorKind.AUTHENTICATION, "invalid relay key");
    }

    public static Optional<Secret> in(ClientRequest request) {
        var headers = request.headers();
        Optional<String> found = headers.first("x-api-key")
                .or(() -> headers.first("authorization").flatMap(PresentedKey::bearerToken))
                .or(() -> headers.first("x-goog-api-key"))
                .or(() -> request.queryParameter("key"));
        return found.map(String::strip).filter(value -> !value.isEmpty()).map(Secret::of);
    }

    private static Optional<String> bearerToken(String authorization) {
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7));
        }
        return Optional.empty();
    }
}
