package dev.llmrelay.core.store;

import dev.llmrelay.api.Secret;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Relay keys and access requests for store tests; a key's plaintext is {@code rk_test_<id>}. */
public final class TestKeys {
    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final String id;
    private boolean enabled = true;
    private Set<Service> services = Set.of();
    private Set<String> allowedModels = Set.of();
    private Set<String> blockedModels = Set.of();
    private Set<String> allowedClients = Set.of();
    private Optional<Instant> expiresAt = Optional.empty();
    private OptionalInt expiresAfterFirstUseDays = OptionalInt.empty();
    private KeyLimits limits = KeyLimits.NONE;

    private TestKeys(String id) {
        this.id = id;
    }

    public static TestKeys key(String id) {
        return new TestKeys(id);
    }

    public static Secret plaintextOf(String id) {
        return Secret.of("rk_test_" + id + "_0123456789abcdef");
    }

    public static AccessRequest claudeRequest() {
        return request(Service.CLAUDE, "claude-sonnet-4-5", Optional.of("claude-code"));
    }

    public static AccessRequest request(Service service, String model, Optional<String> clientId) {
        return new AccessRequest(service, model, clientId, "test-agent/1.0");
    }

    public static KeyLimits requestsPerWindow(long requests, int windowSeconds) {
        return new KeyLimits(OptionalInt.of(windowSeconds), OptionalLong.of(requests), OptionalLong.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    public static KeyLimits maxConcurrency(int concurrent) {
        return new KeyLimits(OptionalInt.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.of(concurrent));
    }

    public TestKeys enabled(boolean value) {
        enabled = value;
        return this;
    }

    public TestKeys services(Service... values) {
        services = Set.of(values);
        return this;
    }

    public TestKeys allowedModels(String... values) {
        allowedModels = Set.of(values);
        return this;
    }

    public TestKeys blockedModels(String... values) {
        blockedModels = Set.of(values);
        return this;
    }

    public TestKeys allowedClients(String... values) {
        allowedClients = Set.of(values);
        return this;
    }

    public TestKeys expiresAt(Instant value) {
        expiresAt = Optional.of(value);
        return this;
    }

    public TestKeys expiresAfterFirstUseDays(int days) {
        expiresAfterFirstUseDays = OptionalInt.of(days);
        return this;
    }

    public TestKeys limits(KeyLimits value) {
        limits = value;
        return this;
    }

    public RelayKey build() {
        return new RelayKey(id, "key " + id, KeyHash.of(plaintextOf(id).reveal()), enabled, services,
                allowedModels, blockedModels, allowedClients, Optional.empty(), Optional.empty(), expiresAt,
                expiresAfterFirstUseDays, limits, CREATED, Optional.empty(), Optional.empty());
    }
}
