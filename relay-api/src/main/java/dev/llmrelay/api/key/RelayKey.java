package dev.llmrelay.api.key;

import dev.llmrelay.api.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A key the relay issued to a client: what it may use and its limits. Only the key's hash is kept; the
 * plaintext is shown once, when the key is created.
 *
 * @param services the services the key may use; empty means all
 * @param allowedModels empty means every model
 * @param allowedClients recognised client ids ({@code claude-code}, ...) or custom patterns; empty means any client
 * @param expiresAfterFirstUseDays the key expires this many days after its first use
 */
public record RelayKey(
        String id,
        String name,
        KeyHash hash,
        boolean enabled,
        Set<Service> services,
        Set<String> allowedModels,
        Set<String> blockedModels,
        Set<String> allowedClients,
        Optional<String> boundAccountId,
        Optional<String> boundGroup,
        Optional<Instant> expiresAt,
        OptionalInt expiresAfterFirstUseDays,
        KeyLimits limits,
        Instant createdAt,
        Optional<Instant> firstUsedAt,
        Optional<Instant> lastUsedAt) {

    public RelayKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        services = Collections.unmodifiableSet(new LinkedHashSet<>(services));
        allowedModels = Collections.unmodifiableSet(new LinkedHashSet<>(allowedModels));
        blockedModels = Collections.unmodifiableSet(new LinkedHashSet<>(blockedModels));
        allowedClients = Collections.unmodifiableSet(new LinkedHashSet<>(allowedClients));
        Objects.requireNonNull(boundAccountId, "boundAccountId");
        Objects.requireNonNull(boundGroup, "boundGroup");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(expiresAfterFirstUseDays, "expiresAfterFirstUseDays");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(firstUsedAt, "firstUsedAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    /** When the key stops working, from its fixed expiry and its first use; empty when never. */
    public Optional<Instant> effectiveExpiry() {
        Optional<Instant> afterFirstUse = expiresAfterFirstUseDays.isPresent() && firstUsedAt.isPresent()
                ? Optional.of(firstUsedAt.get().plus(Duration.ofDays(expiresAfterFirstUseDays.getAsInt())))
                : Optional.empty();
        if (expiresAt.isPresent() && afterFirstUse.isPresent()) {
            return Optional.of(expiresAt.get().isBefore(afterFirstUse.get()) ? expiresAt.get() : afterFirstUse.get());
        }
        return expiresAt.isPresent() ? expiresAt : afterFirstUse;
    }

    public boolean isExpiredAt(Instant now) {
        return effectiveExpiry().map(expiry -> !now.isBefore(expiry)).orElse(false);
    }

    /** Whether the key may ask for {@code model}; a request naming no model (empty) asks for none. */
    public boolean allowsModel(String model) {
        return model.isEmpty() || !blockedModels.contains(model) && (allowedModels.isEmpty() || allowedModels.contains(model));
    }

    public boolean allowsService(Service service) {
        return services.isEmpty() || services.contains(service);
    }

    /** The same key as used once more at {@code now}. */
    public RelayKey usedAt(Instant now) {
        return new RelayKey(id, name, hash, enabled, services, allowedModels, blockedModels, allowedClients,
                boundAccountId, boundGroup, expiresAt, expiresAfterFirstUseDays, limits, createdAt,
                Optional.of(firstUsedAt.orElse(now)), Optional.of(now));
    }
}
