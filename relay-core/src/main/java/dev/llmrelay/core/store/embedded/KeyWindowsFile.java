package dev.llmrelay.core.store.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.core.store.memory.KeyWindows;
import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The format of {@code key-windows.json}: each key's rolling windows (the admissions its request limit counts
 * and the tokens settled in its token window), so that a restart does not give every key a fresh window.
 * Spend per day, week and in total is not kept here: it is summed again from the usage totals at open.
 *
 * <pre>{@code
 * {"version": 1, "keys": [{"keyId": "key_...", "admissions": ["2026-11-23T14:00:01.5Z"],
 *   "tokens": [{"at": "2026-11-23T14:00:03Z", "tokens": 1520}]}]}
 * }</pre>
 */
final class KeyWindowsFile {
    static final String NAME = "key-windows.json";
    static final int VERSION = 1;

    private final ObjectMapper mapper;

    KeyWindowsFile(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] encode(List<KeyWindows> windows) throws IOException {
        List<KeyEntry> entries = windows.stream()
                .sorted(Comparator.comparing(KeyWindows::keyId))
                .map(w -> new KeyEntry(w.keyId(), w.admissions().stream().map(Instant::toString).toList(),
                        w.tokens().stream().map(t -> new TokensEntry(t.at().toString(), t.tokens())).toList()))
                .toList();
        return mapper.writeValueAsBytes(new WindowsDocument(VERSION, entries));
    }

    List<KeyWindows> decode(byte[] content) throws IOException {
        WindowsDocument document = mapper.readValue(content, WindowsDocument.class);
        StoredFormat.requireVersion(NAME, document.version(), VERSION);
        return StoredFormat.listOrEmpty(document.keys()).stream()
                .map(entry -> new KeyWindows(entry.keyId(),
                        StoredFormat.listOrEmpty(entry.admissions()).stream().map(StoredFormat::instant).toList(),
                        StoredFormat.listOrEmpty(entry.tokens()).stream()
                                .map(t -> new KeyWindows.SettledTokens(StoredFormat.instant(t.at()), t.tokens()))
                                .toList()))
                .toList();
    }

    record WindowsDocument(int version, List<KeyEntry> keys) {
    }

    record KeyEntry(String keyId, List<String> admissions, List<TokensEntry> tokens) {
    }

    record TokensEntry(String at, long tokens) {
    }
}
