package dev.llmrelay.core.store.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The format of {@code keys.json}: every relay key with its SHA-256 hash (the plaintext never reaches the
 * store), permissions, limits and use times.
 *
 * <pre>{@code
 * {"version": 1, "keys": [{"id": "...", "name": "alice", "hash": "<64 hex>", "enabled": true,
 *   "services": ["claude"], "allowedModels": [], "blockedModels": [], "allowedClients": [],
 *   "boundAccount": "...", "boundGroup": "...", "expiresAt": "...", "expiresAfterFirstUseDays": 30,
 *   "limits": {"windowSeconds": 60, "requestsPerWindow": 100, "maxConcurrency": 2},
 *   "createdAt": "...", "firstUsedAt": "...", "lastUsedAt": "..."}]}
 * }</pre>
 */
final class KeysFile {
    static final String NAME = "keys.json";
    static final int VERSION = 1;

    private final ObjectMapper mapper;

    KeysFile(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] encode(List<RelayKey> keys) throws IOException {
        List<KeyEntry> entries = keys.stream().sorted(Comparator.comparing(RelayKey::id)).map(KeysFile::entry).toList();
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(new KeysDocument(VERSION, entries));
    }

    List<RelayKey> decode(byte[] content) throws IOException {
        KeysDocument document = mapper.readValue(content, KeysDocument.class);
        StoredFormat.requireVersion(NAME, document.version(), VERSION);
        return StoredFormat.listOrEmpty(document.keys()).stream().map(KeysFile::key).toList();
    }

    private static KeyEntry entry(RelayKey key) {
        KeyLimits limits = key.limits();
        LimitsEntry limitsEntry = limits.isEmpty() && limits.windowSeconds().isEmpty() ? null : new LimitsEntry(
                boxed(limits.windowSeconds()), boxed(limits.requestsPerWindow()), boxed(limits.tokensPerWindow()),
                boxed(limits.costPerDayUsd()), boxed(limits.costPerWeekUsd()), boxed(limits.costTotalUsd()),
                boxed(limits.maxConcurrency()));
        return new KeyEntry(key.id(), key.name(), key.hash().hex(), key.enabled(),
                key.services().stream().map(Service::wireName).sorted().toList(),
                sorted(key.allowedModels()), sorted(key.blockedModels()), sorted(key.allowedClients()),
                key.boundAccountId().orElse(null), key.boundGroup().orElse(null),
                StoredFormat.time(key.expiresAt()), boxed(key.expiresAfterFirstUseDays()), limitsEntry,
                key.createdAt().toString(), StoredFormat.time(key.firstUsedAt()),
                StoredFormat.time(key.lastUsedAt()));
    }

    private static RelayKey key(KeyEntry entry) {
        if (entry.hash() == null) {
            throw StoredFormat.invalid(NAME, "key " + entry.id() + " has no hash");
        }
        Set<Service> services = StoredFormat.listOrEmpty(entry.services()).stream()
                .map(name -> Service.fromWireName(name)
                        .orElseThrow(() -> StoredFormat.invalid(NAME, "unknown service " + name)))
                .collect(Collectors.toUnmodifiableSet());
        LimitsEntry limits = entry.limits();
        KeyLimits keyLimits = limits == null ? KeyLimits.NONE : new KeyLimits(
                optionalInt(limits.windowSeconds()), optionalLong(limits.requestsPerWindow()),
                optionalLong(limits.tokensPerWindow()), optionalDouble(limits.costPerDayUsd()),
                optionalDouble(limits.costPerWeekUsd()), optionalDouble(limits.costTotalUsd()),
                optionalInt(limits.maxConcurrency()));
        return new RelayKey(entry.id(), entry.name(), new KeyHash(entry.hash()), entry.enabled(), services,
                Set.copyOf(StoredFormat.listOrEmpty(entry.allowedModels())),
                Set.copyOf(StoredFormat.listOrEmpty(entry.blockedModels())),
                Set.copyOf(StoredFormat.listOrEmpty(entry.allowedClients())),
                Optional.ofNullable(entry.boundAccount()), Optional.ofNullable(entry.boundGroup()),
                StoredFormat.optionalInstant(entry.expiresAt()), optionalInt(entry.expiresAfterFirstUseDays()),
                keyLimits, StoredFormat.instant(entry.createdAt()), StoredFormat.optionalInstant(entry.firstUsedAt()),
                StoredFormat.optionalInstant(entry.lastUsedAt()));
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

    record KeysDocument(int version, List<KeyEntry> keys) {
    }

    record KeyEntry(
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
            LimitsEntry limits,
            String createdAt,
            String firstUsedAt,
            String lastUsedAt) {
    }

    /** Absent fields are absent limits, as in the admin API. */
    record LimitsEntry(
            Integer windowSeconds,
            Long requestsPerWindow,
            Long tokensPerWindow,
            Double costPerDayUsd,
            Double costPerWeekUsd,
            Double costTotalUsd,
            Integer maxConcurrency) {
    }
}
