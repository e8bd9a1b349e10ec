package dev.llmrelay.core.store.format;

import dev.llmrelay.core.store.StoreContents;
import java.time.Instant;
import java.util.List;

/**
 * A store's contents as one JSON document ({@code GET /admin/v1/export}, {@code java -jar relay.jar export}):
 * upstream secrets stay encrypted under the relay's encryption key, relay keys stay hashes. A plain record for
 * Jackson.
 *
 * <pre>{@code
 * {"format": "llm-relay-export", "version": 1, "exportedAt": "2026-11-24T10:00:00Z",
 *  "accounts": [...AccountRecord], "keys": [...KeyRecord], "usage": [...UsageHourRecord]}
 * }</pre>
 */
public record ExportDocument(
        String format,
        int version,
        String exportedAt,
        List<AccountRecord> accounts,
        List<KeyRecord> keys,
        List<UsageHourRecord> usage) {

    /** What {@link #format} says of every export document. */
    public static final String FORMAT = "llm-relay-export";
    public static final int VERSION = 1;
    private static final String SOURCE = "the export document";

    /** The document of {@code contents}, secrets encrypted by {@code cipher}. */
    public static ExportDocument of(StoreContents contents, CredentialCipher cipher, Instant exportedAt) {
        return new ExportDocument(FORMAT, VERSION, exportedAt.toString(),
                contents.accounts().stream().map(account -> AccountRecord.of(account, cipher)).toList(),
                contents.keys().stream().map(KeyRecord::of).toList(),
                contents.usage().stream().map(UsageHourRecord::of).toList());
    }

    /**
     * The contents this document holds.
     *
     * @throws IllegalStateException when it is not an export document of this version, or its secrets were
     *     encrypted under another key than {@code cipher}'s
     */
    public StoreContents toContents(CredentialCipher cipher) {
        if (!FORMAT.equals(format)) {
            throw StoredValues.invalid(SOURCE, "it is not an llm-relay export (\"format\" is not \"" + FORMAT + "\")");
        }
        StoredValues.requireVersion(SOURCE, version, VERSION);
        return new StoreContents(
                StoredValues.listOrEmpty(accounts).stream().map(record -> record.toAccount(cipher, SOURCE)).toList(),
                StoredValues.listOrEmpty(keys).stream().map(record -> record.toKey(SOURCE)).toList(),
                StoredValues.listOrEmpty(usage).stream().map(record -> record.toHourlyUsage(SOURCE)).toList());
    }
}
