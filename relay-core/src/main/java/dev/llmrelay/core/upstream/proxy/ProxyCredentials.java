package dev.llmrelay.core.upstream.proxy;

import dev.llmrelay.api.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * The user name and password a proxy URL carries ({@code user:pass@}). The user name is not secret (the admin
 * API shows it); the password is a {@link Secret}, so this record prints as {@code password=Secret[****]}.
 *
 * @param password absent for {@code user@host}: some proxies take a token as the user name and no password
 */
public record ProxyCredentials(String username, Optional<Secret> password) {

    public ProxyCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("a proxy user name must not be empty");
        }
    }

    /** The password's plaintext, or {@code ""} when there is none. */
    String revealPassword() {
        return password.map(Secret::reveal).orElse("");
    }
}
