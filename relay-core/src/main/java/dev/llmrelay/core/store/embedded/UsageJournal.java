package dev.llmrelay.core.store.embedded;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The format of {@code usage-journal.jsonl}: one JSON object per line per usage record, each with a sequence
 * number one above the line before it, appended between two snapshots of the totals.
 *
 * <pre>{@code
 * {"version":1,"seq":1235,"at":"2026-11-23T14:03:11.5Z","keyId":"...","accountId":"...","platform":"claude",
 *  "model":"...","inputTokens":10,"outputTokens":20,"cacheWriteTokens":0,"cacheReadTokens":0,
 *  "cacheWrite1hTokens":0,"reasoningTokens":0,"costUsd":0.0012,"status":200,"stream":true,
 *  "latencyMillis":850,"timeToFirstByteMillis":300}
 * }</pre>
 */
final class UsageJournal {
    static final String NAME = "usage-journal.jsonl";
    static final int VERSION = 1;

    private final ObjectMapper mapper;

    UsageJournal(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A journal line, newline included. */
    byte[] line(long seq, UsageRecord record) throws IOException {
        TokenUsage tokens = record.tokens();
        LineEntry entry = new LineEntry(VERSION, seq, record.at().toString(), record.keyId(),
                record.accountId().orElse(null), record.platform().map(Platform::wireName).orElse(null),
                record.model(), tokens.inputTokens(), tokens.outputTokens(), tokens.cacheWriteTokens(),
                tokens.cacheReadTokens(), tokens.cacheWrite1hTokens(), tokens.reasoningTokens(), record.costUsd(),
                record.status(), record.stream(), record.latency().toMillis(),
                record.timeToFirstByte().map(Duration::toMillis).orElse(null));
        byte[] json = mapper.writeValueAsBytes(entry);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    /** One record read back with its sequence number. */
    record Entry(long seq, UsageRecord record) {
    }

    /** What a journal holds: its readable lines in file order, and how many lines could not be read. */
    record Contents(List<Entry> entries, int unreadableLines, boolean tornLastLine) {
    }

    /**
     * Reads every line of {@code content}. A last line without its newline is what a crash mid-append leaves:
     * it counts if it parses whole and is dropped otherwise.
     */
    Contents read(byte[] content) {
        // Decoding replaces malformed bytes, so a line torn inside a multi-byte character is simply unreadable.
        String text = new String(content, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        int unreadable = 0;
        boolean tornLast = false;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            boolean complete = end >= 0;
            String line = complete ? text.substring(start, end) : text.substring(start);
            start = complete ? end + 1 : text.length();
            if (line.isBlank()) {
                continue;
            }
            Optional<Entry> entry = parse(line);
            if (entry.isPresent()) {
                entries.add(entry.get());
            } else if (complete) {
                unreadable++;
            } else {
                tornLast = true;
            }
        }
        return new Contents(entries, unreadable, tornLast);
    }

    private Optional<Entry> parse(String line) {
        try {
            LineEntry entry = mapper.readValue(line, LineEntry.class);
            if (entry.version() != VERSION) {
                return Optional.empty();
            }
            UsageRecord record = new UsageRecord(StoredFormat.instant(entry.at()), entry.keyId(),
                    Optional.ofNullable(entry.accountId()),
                    Optional.ofNullable(entry.platform()).flatMap(Platform::fromWireName), entry.model(),
                    new TokenUsage(entry.inputTokens(), entry.outputTokens(), entry.cacheWriteTokens(),
                            entry.cacheReadTokens(), entry.cacheWrite1hTokens(), entry.reasoningTokens()),
                    entry.costUsd(), entry.status(), entry.stream(), Duration.ofMillis(entry.latencyMillis()),
                    Optional.ofNullable(entry.timeToFirstByteMillis()).map(Duration::ofMillis));
            return Optional.of(new Entry(entry.seq(), record));
        } catch (JacksonException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    record LineEntry(
            int version,
            long seq,
            String at,
            String keyId,
            String accountId,
            String platform,
            String model,
            long inputTokens,
            long outputTokens,
            long cacheWriteTokens,
            long cacheReadTokens,
            long cacheWrite1hTokens,
            long reasoningTokens,
            double costUsd,
            int status,
            boolean stream,
            long latencyMillis,
            Long timeToFirstByteMillis) {
    }
}
