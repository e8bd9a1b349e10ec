package dev.llmrelay.core.store.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.store.format.KeyRecord;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

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
    private static final String SOURCE = NAME + " of the data directory";

    private final ObjectMapper mapper;

    KeysFile(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] encode(List<RelayKey> keys) throws IOException {
        List<KeyRecord> entries = keys.stream().sorted(Comparator.comparing(RelayKey::id)).map(KeyRecord::of).toList();
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(new KeysDocument(VERSION, entries));
    }

    List<RelayKey> decode(byte[] content) throws IOException {
        KeysDocument document = mapper.readValue(content, KeysDocument.class);
        StoredFormat.requireVersion(NAME, document.version(), VERSION);
        return StoredFormat.listOrEmpty(document.keys()).stream().map(entry -> entry.toKey(SOURCE)).toList();
    }

    record KeysDocument(int version, List<KeyRecord> keys) {
    }
}
