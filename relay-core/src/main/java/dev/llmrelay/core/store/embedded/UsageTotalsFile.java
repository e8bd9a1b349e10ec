package dev.llmrelay.core.store.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.core.store.HourlyUsage;
import dev.llmrelay.core.store.format.UsageHourRecord;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * The format of {@code usage-totals.json}: the hourly totals of every journal record up to and including
 * {@code lastSeq}; journal lines at or below it are already counted here.
 *
 * <pre>{@code
 * {"version": 1, "lastSeq": 1234, "hours": [{"hour": "2026-11-23T14:00:00Z", "keyId": "...",
 *   "accountId": "...", "model": "claude-sonnet-4-5", "requests": 3, "inputTokens": 10, "outputTokens": 20,
 *   "cacheWriteTokens": 0, "cacheReadTokens": 0, "cacheWrite1hTokens": 0, "reasoningTokens": 0,
 *   "costUsd": 0.0012}]}
 * }</pre>
 */
final class UsageTotalsFile {
    static final String NAME = "usage-totals.json";
    static final int VERSION = 1;
    private static final String SOURCE = NAME + " of the data directory";

    private static final Comparator<HourlyUsage> FILE_ORDER = Comparator.comparing(HourlyUsage::hour)
            .thenComparing(HourlyUsage::keyId)
            .thenComparing(usage -> usage.accountId().orElse(""))
            .thenComparing(HourlyUsage::model);

    private final ObjectMapper mapper;

    UsageTotalsFile(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The totals and the last journal sequence they contain. */
    record Snapshot(long lastSeq, List<HourlyUsage> hours) {
        static final Snapshot EMPTY = new Snapshot(0, List.of());
    }

    byte[] encode(Snapshot snapshot) throws IOException {
        List<UsageHourRecord> entries = snapshot.hours().stream().sorted(FILE_ORDER).map(UsageHourRecord::of).toList();
        return mapper.writeValueAsBytes(new TotalsDocument(VERSION, snapshot.lastSeq(), entries));
    }

    Snapshot decode(byte[] content) throws IOException {
        TotalsDocument document = mapper.readValue(content, TotalsDocument.class);
        StoredFormat.requireVersion(NAME, document.version(), VERSION);
        List<HourlyUsage> hours = StoredFormat.listOrEmpty(document.hours()).stream()
                .map(entry -> entry.toHourlyUsage(SOURCE))
                .toList();
        return new Snapshot(document.lastSeq(), hours);
    }

    record TotalsDocument(int version, long lastSeq, List<UsageHourRecord> hours) {
    }
}
