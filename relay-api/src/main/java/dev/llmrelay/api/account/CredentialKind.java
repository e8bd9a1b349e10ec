package dev.llmrelay.api.account;

import java.util.Arrays;
import java.util.Optional;

/** How an account authenticates upstream, as the admin API's {@code kind} field spells it. */
public enum CredentialKind {
    API_KEY("api-key"),
    OAUTH("oauth");

    private final String wireName;

    CredentialKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CredentialKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
}
