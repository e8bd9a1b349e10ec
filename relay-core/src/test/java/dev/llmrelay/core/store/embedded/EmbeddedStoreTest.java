package dev.llmrelay.core.store.embedded;

import static dev.llmrelay.core.store.TestAccounts.account;
import static dev.llmrelay.core.store.TestAccounts.claudeQuery;
import static dev.llmrelay.core.store.TestKeys.claudeRequest;
import static dev.llmrelay.core.store.TestKeys.key;
import static dev.llmrelay.core.store.TestKeys.plaintextOf;
import static dev.llmrelay.core.store.TestUsage.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.UsageDimension;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageTotal;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest {
    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
            .getBytes(StandardCharsets.US_ASCII));
    private static final UsageQuery ALL_USAGE_BY_KEY = new UsageQuery(UsageDimension.KEY, Granularity.MONTH,
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), Optional.empty());

    @TempDir
    Path temp;

    private final MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");

    private Path dataDir() {
        return temp.resolve("relay-data");
    }

    private EmbeddedStore open() {
        return EmbeddedStore.open(dataDir(), Optional.empty(), clock);
    }

    @Test
    void accountsKeysAndUsageSurviveCloseAndReopen() {
        Account oauth = account("oauth-1")
                .credential(new Credential.OAuthTokens(Secret.of("access-token-value"),
                        Optional.of(Secret.of("refresh-token-value")), Optional.of(clock.instant().plusSeconds(3600))))
                .proxy("socks5://user:proxy-password@10.0.0.2:1080")
                .groups("team-a")
                .models("claude-sonnet-4-5")
                .modelMapping(Map.of("claude-3-7-sonnet-latest", "claude-sonnet-4-5"))
                .priority(10)
                .maxConcurrency(4)
                .status(AccountStatus.of(AccountState.RATE_LIMITED, "upstream 429", clock.instant().plusSeconds(60)))
                .build();
        Account apiKey = account("api-1").build();
        RelayKey limited = key("alice").limits(TestKeys.requestsPerWindow(100, 60)).expiresAfterFirstUseDays(30)
                .allowedClients("claude-code").build();
        try (EmbeddedStore store = open()) {
            store.accounts().save(oauth);
            store.accounts().save(apiKey);
            store.keys().save(limited);
            store.keys().save(key("bob").enabled(false).build());
            store.usage().record(record("2026-11-23T14:05:00Z", "alice", "api-1", "claude-sonnet-4-5"));
            store.usage().record(record("2026-11-23T15:05:00Z", "bob", null, "claude-sonnet-4-5"));
        }

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.accounts().find("oauth-1")).contains(oauth);
            assertThat(reopened.accounts().find("api-1")).contains(apiKey);
            assertThat(reopened.keys().find("alice")).contains(limited);
            assertThat(reopened.keys().list()).hasSize(2);
            assertThat(reopened.usage().totals(ALL_USAGE_BY_KEY))
                    .extracting(UsageTotal::group, UsageTotal::requests, UsageTotal::costUsd)
                    .containsExactly(
                            tuple("alice", 1L, 0.25),
                            tuple("bob", 1L, 0.25));
            assertThat(reopened.keys().admit(plaintextOf("alice"), claudeRequest()))
                    .isInstanceOf(KeyDecision.Admitted.class);
        }
    }

    @Test
    void usageSurvivesManyReopens() {
        for (int run = 0; run < 3; run++) {
            try (EmbeddedStore store = open()) {
                store.usage().record(record("2026-11-23T14:05:00Z", "alice", "api-1", "claude-sonnet-4-5"));
            }
        }

        try (EmbeddedStore store = open()) {
            assertThat(store.usage().totals(ALL_USAGE_BY_KEY)).singleElement()
                    .extracting(UsageTotal::requests).isEqualTo(3L);
        }
    }

    @Test
    void aSavedAccountIsOnDiskBeforeSaveReturns() throws IOException {
        try (EmbeddedStore store = open()) {
            store.accounts().save(account("a").build());
            store.keys().save(key("alice").build());

            // What is on disk now is what a crash right now would leave.
            Path crashImage = copyOf(dataDir(), temp.resolve("crash-image"));
            try (EmbeddedStore afterCrash = EmbeddedStore.open(crashImage, Optional.empty(), clock)) {
                assertThat(afterCrash.accounts().find("a")).isPresent();
                assertThat(afterCrash.keys().find("alice")).isPresent();
            }
        }
    }

    @Test
    void statusAndCredentialChangesAreOnDiskBeforeTheyReturn() throws IOException {
        try (EmbeddedStore store = open()) {
            store.accounts().save(account("a").build());
            AccountStatus limited = AccountStatus.of(AccountState.RATE_LIMITED, "429", clock.instant().plusSeconds(30));
            Credential refreshed = new Credential.ApiKey(Secret.of("sk-ant-rotated"));

            store.accounts().updateStatus("a", limited);
            store.accounts().updateCredential("a", refreshed);

            Path crashImage = copyOf(dataDir(), temp.resolve("crash-image"));
            try (EmbeddedStore afterCrash = EmbeddedStore.open(crashImage, Optional.empty(), clock)) {
                Account stored = afterCrash.accounts().find("a").orElseThrow();
                assertThat(stored.status()).isEqualTo(limited);
                assertThat(stored.credential()).isEqualTo(refreshed);
            }
        }
    }

    @Test
    void lastUseTimesAreWrittenAtClose() {
        try (EmbeddedStore store = open()) {
            store.accounts().save(account("a").build());
            store.keys().save(key("alice").build());
            clock.advance(Duration.ofMinutes(1));
            ((AccountSelection.Leased) store.accounts().acquire(claudeQuery())).lease().close();
            ((KeyDecision.Admitted) store.keys().admit(plaintextOf("alice"), claudeRequest())).lease().close();
        }

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.accounts().find("a").orElseThrow().lastUsedAt()).contains(clock.instant());
            assertThat(reopened.keys().find("alice").orElseThrow().firstUsedAt()).contains(clock.instant());
        }
    }

    @Test
    void deletedAccountsAndKeysStayDeleted() {
        try (EmbeddedStore store = open()) {
            store.accounts().save(account("a").build());
            store.keys().save(key("alice").build());
            store.accounts().delete("a");
            store.keys().delete("alice");
        }

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.accounts().list()).isEmpty();
            assertThat(reopened.keys().list()).isEmpty();
        }
    }

    @Test
    void upstreamCredentialsAreNotStoredInPlaintext() throws IOException {
        try (EmbeddedStore store = open()) {
            store.accounts().save(account("api").credential(new Credential.ApiKey(Secret.of("sk-ant-SECRET-api-key")))
                    .proxy("http://user:SECRET-proxy-password@proxy:8080").build());
            store.accounts().save(account("oauth").credential(new Credential.OAuthTokens(
                    Secret.of("SECRET-access-token"), Optional.of(Secret.of("SECRET-refresh-token")),
                    Optional.empty())).build());
        }

        String accountsJson = Files.readString(dataDir().resolve("accounts.json"));
        assertThat(accountsJson).doesNotContain("SECRET").contains("\"v1:");
        assertThat(allFilesOf(dataDir())).noneMatch(content -> content.contains("SECRET"));
    }

    @Test
    void relayKeysAreStoredOnlyAsTheirHash() throws IOException {
        try (EmbeddedStore store = open()) {
            store.keys().save(key("alice").build());
            ((KeyDecision.Admitted) store.keys().admit(plaintextOf("alice"), claudeRequest())).lease().close();
            store.usage().record(record("2026-11-23T14:05:00Z", "alice", "a", "claude-sonnet-4-5"));
        }

        String plaintext = plaintextOf("alice").reveal();
        assertThat(allFilesOf(dataDir())).isNotEmpty().noneMatch(content -> content.contains(plaintext));
        assertThat(Files.readString(dataDir().resolve("keys.json")))
                .contains(key("alice").build().hash().hex());
    }

    @Test
    void theDataDirectoryAndGeneratedEncryptionKeyAreOwnerOnly() throws IOException {
        try (EmbeddedStore store = open()) {
            store.accounts().save(account("a").build());
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir()))).isEqualTo("rwx------");
        for (String file : List.of("encryption.key", "accounts.json", "keys.json", "usage-totals.json")) {
            Path path = dataDir().resolve(file);
            if (Files.exists(path)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                        .as(file).isEqualTo("rw-------");
            }
        }
        String storedKey = Files.readString(dataDir().resolve("encryption.key")).strip();
        assertThat(Base64.getDecoder().decode(storedKey)).hasSize(32);
    }

    @Test
    void aGivenEncryptionKeyIsUsedAndNoKeyFileIsWritten() {
        try (EmbeddedStore store = EmbeddedStore.open(dataDir(), Optional.of(KEY_A), clock)) {
            store.accounts().save(account("a").build());
        }

        assertThat(dataDir().resolve("encryption.key")).doesNotExist();
        try (EmbeddedStore reopened = EmbeddedStore.open(dataDir(), Optional.of(KEY_A), clock)) {
            assertThat(reopened.accounts().find("a")).isPresent();
        }
    }

    @Test
    void reopeningWithADifferentEncryptionKeyFailsClearly() {
        try (EmbeddedStore store = EmbeddedStore.open(dataDir(), Optional.of(KEY_A), clock)) {
            store.accounts().save(account("a").build());
        }

        assertThatThrownBy(() -> EmbeddedStore.open(dataDir(), Optional.of(KEY_B), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot decrypt stored credentials: RELAY_ENCRYPTION_KEY differs from the one they "
                        + "were written with");
        // The failed open released the directory.
        try (EmbeddedStore store = EmbeddedStore.open(dataDir(), Optional.of(KEY_A), clock)) {
            assertThat(store.accounts().find("a")).isPresent();
        }
    }

    @Test
    void aGivenKeyOtherThanTheGeneratedOneFailsClearly() {
        try (EmbeddedStore store = open()) {
            store.accounts().save(account("a").build());
        }

        assertThatThrownBy(() -> EmbeddedStore.open(dataDir(), Optional.of(KEY_B), clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RELAY_ENCRYPTION_KEY differs");
    }

    @Test
    void anEncryptionKeyThatIsNot32BytesIsRefusedWithoutEchoingIt() {
        String tooShort = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> EmbeddedStore.open(dataDir(), Optional.of(tooShort), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes")
                .message().doesNotContain(tooShort);
        assertThatThrownBy(() -> EmbeddedStore.open(dataDir(), Optional.of("not base64 at all!"), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("not base64 at all!");
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        try (EmbeddedStore store = open()) {
            assertThat(store.dataDirectory()).isEqualTo(dataDir());
            assertThatThrownBy(this::open)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void aTempFileLeftByACrashMidWriteDoesNotBreakOpen() throws IOException {
        try (EmbeddedStore store = open()) {
            store.accounts().save(account("a").build());
        }
        Path leftover = dataDir().resolve(".accounts.json.123456.tmp");
        Files.writeString(leftover, "{\"version\": 1, \"accounts\": [{\"id\": \"half-writ");

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.accounts().list()).extracting(Account::id).containsExactly("a");
        }
        assertThat(leftover).doesNotExist();
    }

    @Test
    void aTornLastJournalLineIsSkippedAndTheRestCounted() throws IOException {
        try (EmbeddedStore store = open()) {
            store.usage().record(record("2026-11-23T14:05:00Z", "alice", "a", "claude-sonnet-4-5"));
        }
        UsageJournal journal = new UsageJournal(new ObjectMapper());
        long snapshotSeq = 1;
        byte[] whole = journal.line(snapshotSeq + 1, record("2026-11-23T14:06:00Z", "alice", "a", "claude-sonnet-4-5"));
        byte[] torn = journal.line(snapshotSeq + 2, record("2026-11-23T14:07:00Z", "alice", "a", "claude-sonnet-4-5"));
        Files.write(dataDir().resolve("usage-journal.jsonl"), whole, StandardOpenOption.APPEND);
        Files.write(dataDir().resolve("usage-journal.jsonl"), Arrays.copyOf(torn, torn.length / 2),
                StandardOpenOption.APPEND);

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.usage().totals(ALL_USAGE_BY_KEY)).singleElement()
                    .extracting(UsageTotal::requests).isEqualTo(2L);
            reopened.usage().record(record("2026-11-23T14:08:00Z", "alice", "a", "claude-sonnet-4-5"));
        }
        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.usage().totals(ALL_USAGE_BY_KEY)).singleElement()
                    .extracting(UsageTotal::requests).isEqualTo(3L);
        }
    }

    @Test
    void journalLinesAlreadyInTheSnapshotAreNotCountedTwice() throws IOException {
        try (EmbeddedStore store = open()) {
            store.usage().record(record("2026-11-23T14:05:00Z", "alice", "a", "claude-sonnet-4-5"));
            store.usage().record(record("2026-11-23T14:06:00Z", "alice", "a", "claude-sonnet-4-5"));
        }
        // As if the relay crashed after writing the snapshot (lastSeq 2) but before emptying the journal.
        UsageJournal journal = new UsageJournal(new ObjectMapper());
        Files.write(dataDir().resolve("usage-journal.jsonl"), concat(
                journal.line(1, record("2026-11-23T14:05:00Z", "alice", "a", "claude-sonnet-4-5")),
                journal.line(2, record("2026-11-23T14:06:00Z", "alice", "a", "claude-sonnet-4-5")),
                journal.line(3, record("2026-11-23T14:07:00Z", "alice", "a", "claude-sonnet-4-5"))));

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.usage().totals(ALL_USAGE_BY_KEY)).singleElement()
                    .extracting(UsageTotal::requests).isEqualTo(3L);
        }
    }

    @Test
    void tenThousandRecordsTakenWithoutWaitingAreAllOnDiskAfterClose() {
        int records = 10_000;
        try (EmbeddedStore store = open()) {
            Instant at = Instant.parse("2026-11-23T00:00:00Z");
            for (int i = 0; i < records; i++) {
                // Spread over 100 hours, 10 keys and 3 models.
                store.usage().record(record(at.plusSeconds(3600L * (i % 100)), "key-" + (i % 10),
                        Optional.of("acct-" + (i % 7)), "model-" + (i % 3)));
            }
        }

        try (EmbeddedStore reopened = open()) {
            List<UsageTotal> byKey = reopened.usage().totals(ALL_USAGE_BY_KEY);
            assertThat(byKey).hasSize(10);
            assertThat(byKey.stream().mapToLong(UsageTotal::requests).sum()).isEqualTo(records);
            assertThat(byKey.stream().mapToLong(total -> total.tokens().inputTokens()).sum()).isEqualTo(10L * records);
            assertThat(byKey.stream().mapToDouble(UsageTotal::costUsd).sum()).isEqualTo(0.25 * records);
            UsageQuery hourly = new UsageQuery(UsageDimension.ACCOUNT, Granularity.HOUR,
                    Instant.parse("2026-11-23T00:00:00Z"), Instant.parse("2026-11-23T01:00:00Z"), Optional.empty());
            assertThat(reopened.usage().totals(hourly).stream().mapToLong(UsageTotal::requests).sum())
                    .isEqualTo(records / 100);
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        EmbeddedStore store = open();
        store.usage().record(record("2026-11-23T14:05:00Z", "alice", "a", "claude-sonnet-4-5"));

        store.close();
        store.close();

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.usage().totals(ALL_USAGE_BY_KEY)).singleElement()
                    .extracting(UsageTotal::requests).isEqualTo(1L);
        }
    }

    @Test
    void aFileOfAnotherFormatVersionIsRefusedByName() throws IOException {
        try (EmbeddedStore store = open()) {
            store.keys().save(key("alice").build());
        }
        Files.writeString(dataDir().resolve("keys.json"), "{\"version\": 2, \"keys\": []}");

        assertThatThrownBy(this::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keys.json")
                .hasMessageContaining("version 2");
    }

    private static Path copyOf(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals("relay.lock")) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
        return target;
    }

    private static List<String> allFilesOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
