package dev.llmrelay.core.store.format;

import dev.llmrelay.api.Service;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A relay key as every store writes it: its SHA-256 hash (the plaintext never reaches a store), permissions,
 * limits and use times. A plain record for Jackson; absent values are nulls.
 *
 * <pre>{@code
 * {"id": "...", "name": "alice", "hash": "<64 hex>", "enabled": true,
 *  "services": ["claude"], "allowedModels": [], "blockedModels": [], "allowedClients": [],
 *  "boundAccount": "...", "boundGroup": "...", "expiresAt": "...", "expiresAfterFirstUseDays": 30,
 *  "limits": {"windowSeconds": 60, "requestsPerWindow": 100, "maxConcurrency": 2},
 *  "createdAt": "...", "firstUsedAt": "...", "lastUsedAt": "..."}
 * }</pre>
 */
public record KeyRecord(
        String id,
        String name,
        String hash,
        boolean enabled,
        List<String> services,
        List<String> allowedModels,
        List<String> blockedModels,
        List<String> allowedClients,
        String boundAccount,
        String boundGroup,
        String expiresAt,
        Integer expiresAfterFirstUseDays,
        LimitsRecord limits,
        String createdAt,
        String firstUsedAt,
        String lastUsedAt) {

    /** Absent fields are absent limits, as in the admin API. */
    public record LimitsRecord(
            Integer windowSeconds,
            Long requestsPerWindow,
            Long tokensPerWindow,
            Double costPerDayUsd,
            Double costPerWeekUsd,
            Double costTotalUsd,
            Integer maxConcurrency) {
    }

    public static KeyRecord of(RelayKey key) {
        KeyLimits limits = key.limits();
        LimitsRecord limitsRecord = limits.isEmpty() && limits.windowSeconds().isEmpty() ? null : new LimitsRecord(
                boxed(limits.windowSeconds()), boxed(limits.requestsPerWindow()), boxed(limits.tokensPerWindow()),
                boxed(limits.costPerDayUsd()), boxed(limits.costPerWeekUsd()), boxed(limits.costTotalUsd()),
                boxed(limits.maxConcurrency()));
        return new KeyRecord(key.id(), key.name(), key.hash().hex(), key.enabled(),
                key.services().stream().map(Service::wireName).sorted().toList(),
                sorted(key.allowedModels()), sorted(key.blockedModels()), sorted(key.allowedClients()),
                key.boundAccountId().orElse(null), key.boundGroup().orElse(null),
                StoredValues.time(key.expiresAt()), boxed(key.expiresAfterFirstUseDays()), limitsRecord,
                key.createdAt().toString(), StoredValues.time(key.firstUsedAt()), StoredValues.time(key.lastUsedAt()));
    }

    /**
     * The key this record holds.
     *
     * @param source where the record was read, for error messages
     */
    public RelayKey toKey(String source) {
        if (hash == null) {
            throw StoredValues.invalid(source, "key " + id + " has no hash");
        }
        Set<Service> parsedServices = StoredValues.listOrEmpty(services).stream()
                .map(name -> Service.fromWireName(name)
                        .orElseThrow(() -> StoredValues.invalid(source, "unknown service " + name)))
                .collect(Collectors.toUnmodifiableSet());
        KeyLimits keyLimits = limits == null ? KeyLimits.NONE : new KeyLimits(
                optionalInt(limits.windowSeconds()), optionalLong(limits.requestsPerWindow()),
                optionalLong(limits.tokensPerWindow()), optionalDouble(limits.costPerDayUsd()),
                optionalDouble(limits.costPerWeekUsd()), optionalDouble(limits.costTotalUsd()),
                optionalInt(limits.maxConcurrency()));
        return new RelayKey(id, name, new KeyHash(hash), enabled, parsedServices,
                Set.copyOf(StoredValues.listOrEmpty(allowedModels)),
                Set.copyOf(StoredValues.listOrEmpty(blockedModels)),
                Set.copyOf(StoredValues.listOrEmpty(allowedClients)),
                Optional.ofNullable(boundAccount), Optional.ofNullable(boundGroup),
                StoredValues.optionalInstant(source, expiresAt), optionalInt(expiresAfterFirstUseDays), keyLimits,
                StoredValues.instant(source, createdAt), StoredValues.optionalInstant(source, firstUsedAt),
                StoredValues.optionalInstant(source, lastUsedAt));
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    private static OptionalInt optionalInt(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static OptionalLong optionalLong(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static OptionalDouble optionalDouble(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
