package dev.llmrelay.api;

import java.util.Arrays;
import java.util.Optional;

/** A service a relay key may be allowed to use, as the key's {@code services} field names it. */
public enum Service {
    CLAUDE("claude"),
    OPENAI("openai"),
    GEMINI("gemini"),
    DROID("droid");

    private final String wireName;

    Service(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Service> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
