package dev.llmrelay.api;

import java.util.Arrays;
import java.util.Optional;

/** The kind of upstream an account belongs to; {@link #wireName()} is how the admin API spells it. */
public enum Platform {
    CLAUDE("claude", Service.CLAUDE),
    OPENAI("openai", Service.OPENAI),
    GEMINI("gemini", Service.GEMINI),
    DROID("droid", Service.DROID),
    OPENAI_COMPATIBLE("openai-compatible", Service.OPENAI);

    private final String wireName;
    private final Service service;

    Platform(String wireName, Service service) {
        this.wireName = wireName;
        this.service = service;
    }

    public String wireName() {
        return wireName;
    }

    /** The service a key must be allowed to use this platform's accounts. */
    public Service service() {
        return service;
    }

    public static Optional<Platform> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }
}
