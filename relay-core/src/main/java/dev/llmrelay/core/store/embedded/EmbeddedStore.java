package dev.llmrelay.core.store.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.CredentialRefreshLocks;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.core.oauth.OnboardingSessions;
import dev.llmrelay.core.store.HourlyUsage;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.StoreContents;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.core.store.format.StoredJson;
import dev.llmrelay.core.store.memory.MemoryAccountPool;
import dev.llmrelay.core.store.memory.MemoryKeyPolicy;
import dev.llmrelay.core.store.memory.MemoryOnboardingSessions;
import dev.llmrelay.core.store.memory.MemoryRefreshLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of a single relay process: the in-memory accounts, keys and usage, persisted to files in a data
 * directory so that a restart loses nothing.
 *
 * <p>Files, each owner-only: {@code accounts.json} and {@code keys.json} (whole snapshots, rewritten
 * atomically on every change; upstream secrets encrypted with AES-256-GCM, relay keys kept as their hash),
 * {@code usage-journal.jsonl} and {@code usage-totals.json} (usage, appended and compacted by a writer
 * thread), {@code key-windows.json} (each key's rolling request and token windows), {@code encryption.key}
 * (when no key is given), {@code relay.lock} (one process at a time).
 *
 * <p>Account and key changes are on disk when their call returns. Last-use times, key windows and usage
 * records are written by one background thread, every second, so the request path never waits on the disk;
 * the usage totals are compacted every minute. {@link #close()} writes everything still pending.
 *
 * <p>What each key spent today, this week and in all is not stored apart: it is summed from the usage totals
 * when the store opens, so it can never disagree with them nor reset on a restart.
 */
public final class EmbeddedStore implements RelayStore {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

    /** The file holding the generated encryption key when none is given. */
    public static final String ENCRYPTION_KEY_FILE = "encryption.key";

    private static final long WRITE_INTERVAL_MILLIS = 1_000;
    private static final long COMPACT_INTERVAL_MILLIS = 60_000;
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final DataDirectory directory;
    private final PersistentAccountPool accounts;
    private final PersistentKeyPolicy keys;
    private final JournaledUsageMeter usage;
    private final MemoryKeyPolicy memoryKeys;
    private final CredentialCipher cipher;
    private final MemoryRefreshLocks refreshLocks;
    private final MemoryOnboardingSessions onboardingSessions;
    private final SnapshotFile accountsFile;
    private final SnapshotFile keysFile;
    private final SnapshotFile windowsFile;
    private final ScheduledExecutorService writer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedStore(DataDirectory directory, PersistentAccountPool accounts, PersistentKeyPolicy keys,
            JournaledUsageMeter usage, MemoryKeyPolicy memoryKeys, CredentialCipher cipher, SnapshotFile accountsFile,
            SnapshotFile keysFile, SnapshotFile windowsFile, ScheduledExecutorService writer, Clock clock) {
        this.memoryKeys = memoryKeys;
        this.refreshLocks = new MemoryRefreshLocks(clock);
        this.onboardingSessions = new MemoryOnboardingSessions(clock);
        this.cipher = cipher;
        this.directory = directory;
        this.accounts = accounts;
        this.keys = keys;
        this.usage = usage;
        this.accountsFile = accountsFile;
        this.keysFile = keysFile;
        this.windowsFile = windowsFile;
        this.writer = writer;
    }

    /**
     * Opens the store in {@code dataDir}, creating the directory owner-only if it is missing, and starts its
     * writer thread.
     *
     * @param base64EncryptionKey the key for upstream credentials ({@code RELAY_ENCRYPTION_KEY}: 32 bytes in
     *     standard base64); when empty, the key in {@code dataDir/encryption.key}, generated on first start
     * @throws IllegalArgumentException when the given key is not 32 bytes in base64
     * @throws IllegalStateException when the stored credentials were written under another key, a file is
     *     not in a format this relay reads, or another store holds the directory
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    public static EmbeddedStore open(Path dataDir, Optional<String> base64EncryptionKey, Clock clock) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(base64EncryptionKey, "base64EncryptionKey");
        Objects.requireNonNull(clock, "clock");
        CredentialCipher givenCipher = base64EncryptionKey.map(CredentialCipher::fromBase64Key).orElse(null);
        DataDirectory directory;
        try {
            directory = DataDirectory.open(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory " + dataDir, e);
        }
        try {
            return open(directory, givenCipher != null ? givenCipher : storedCipher(directory), clock);
        } catch (IOException e) {
            directory.close();
            throw new UncheckedIOException("cannot read the data directory " + directory.path(), e);
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static EmbeddedStore open(DataDirectory directory, CredentialCipher cipher, Clock clock)
            throws IOException {
        ObjectMapper mapper = StoredJson.newMapper();

        AccountsFile accountsFormat = new AccountsFile(mapper, cipher);
        MemoryAccountPool memoryAccounts = new MemoryAccountPool(clock);
        Optional<byte[]> accountsBytes = directory.read(AccountsFile.NAME);
        if (accountsBytes.isPresent()) {
            for (Account account : accountsFormat.decode(accountsBytes.get())) {
                memoryAccounts.save(account);
            }
        }
        SnapshotFile accountsFile =
                new SnapshotFile(directory, AccountsFile.NAME, () -> accountsFormat.encode(memoryAccounts.list()));

        KeysFile keysFormat = new KeysFile(mapper);
        MemoryKeyPolicy memoryKeys = new MemoryKeyPolicy(clock);
        Optional<byte[]> keysBytes = directory.read(KeysFile.NAME);
        if (keysBytes.isPresent()) {
            for (RelayKey key : keysFormat.decode(keysBytes.get())) {
                memoryKeys.save(key);
            }
        }
        SnapshotFile keysFile = new SnapshotFile(directory, KeysFile.NAME, () -> keysFormat.encode(memoryKeys.list()));

        JournaledUsageMeter usage =
                JournaledUsageMeter.open(directory, new UsageJournal(mapper), new UsageTotalsFile(mapper));
        for (HourlyUsage hour : usage.hourlyUsage()) {
            memoryKeys.countPastSpend(hour.keyId(), hour.hour(), hour.costUsd());
        }
        KeyWindowsFile windowsFormat = new KeyWindowsFile(mapper);
        Optional<byte[]> windowsBytes = directory.read(KeyWindowsFile.NAME);
        if (windowsBytes.isPresent()) {
            windowsFormat.decode(windowsBytes.get()).forEach(memoryKeys::restoreWindows);
        }
        SnapshotFile windowsFile =
                new SnapshotFile(directory, KeyWindowsFile.NAME, () -> windowsFormat.encode(memoryKeys.windows()));

        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "relay-store-writer");
            thread.setDaemon(true);
            return thread;
        });
        EmbeddedStore store = new EmbeddedStore(directory, new PersistentAccountPool(memoryAccounts, accountsFile),
                new PersistentKeyPolicy(memoryKeys, keysFile, windowsFile), usage, memoryKeys, cipher, accountsFile,
                keysFile, windowsFile, writer, clock);
        writer.scheduleWithFixedDelay(store::writePending, WRITE_INTERVAL_MILLIS, WRITE_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(store::compactUsage, COMPACT_INTERVAL_MILLIS, COMPACT_INTERVAL_MILLIS,
                TimeUnit.MILLISECONDS);
        return store;
    }

    @Override
    public AccountPool accounts() {
        return accounts;
    }

    @Override
    public KeyPolicy keys() {
        return keys;
    }

    @Override
    public UsageMeter usage() {
        return usage;
    }

    @Override
    public StoreContents contents() {
        return new StoreContents(accounts.list(), keys.list(), usage.hourlyUsage());
    }

    /** Takes in another store's contents; all of it is on disk when this returns. */
    @Override
    public void load(StoreContents contents) {
        contents.accounts().forEach(accounts::save);
        contents.keys().forEach(keys::save);
        try {
            usage.add(contents.usage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the imported usage to " + directory.path(), e);
        }
        for (HourlyUsage hour : contents.usage()) {
            memoryKeys.countPastSpend(hour.keyId(), hour.hour(), hour.costUsd());
        }
    }

    /** Locks of this process: one process holds an embedded store's directory. */
    @Override
    public CredentialRefreshLocks refreshLocks() {
        return refreshLocks;
    }

    /**
     * Sign-ins of this process, in memory: one process holds an embedded store's directory, and a sign-in left
     * unfinished at a restart is started again.
     */
    @Override
    public OnboardingSessions onboardingSessions() {
        return onboardingSessions;
    }

    @Override
    public CredentialCipher cipher() {
        return cipher;
    }

    /** The directory this store keeps its files in. */
    public Path dataDirectory() {
        return directory.path();
    }

    /**
     * Stops the writer thread, writes the queued usage, the compacted totals and the pending last-use times,
     * and releases the directory. Calling it again does nothing.
     *
     * @throws UncheckedIOException when something could not be written; the rest is still written
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("The store writer did not stop within {}s; writing the rest alongside it",
                        CLOSE_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failure = null;
        try {
            usage.close();
        } catch (IOException e) {
            failure = new UncheckedIOException("cannot write the usage to " + directory.path(), e);
        }
        for (SnapshotFile file : new SnapshotFile[] {accountsFile, keysFile, windowsFile}) {
            try {
                file.writeIfChanged();
            } catch (UncheckedIOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        directory.close();
        if (failure != null) {
            throw failure;
        }
    }

    private void writePending() {
        try {
            usage.writeJournal();
        } catch (IOException | RuntimeException e) {
            log.error("Cannot append to {} in {}; will retry", UsageJournal.NAME, directory.path(), e);
        }
        try {
            accountsFile.writeIfChanged();
            keysFile.writeIfChanged();
            windowsFile.writeIfChanged();
        } catch (RuntimeException e) {
            log.error("Cannot write the last-use times or key windows in {}; will retry", directory.path(), e);
        }
    }

    private void compactUsage() {
        try {
            usage.compact();
        } catch (IOException | RuntimeException e) {
            log.error("Cannot compact the usage in {}; will retry", directory.path(), e);
        }
    }

    private static CredentialCipher storedCipher(DataDirectory directory) throws IOException {
        Optional<byte[]> stored = directory.read(ENCRYPTION_KEY_FILE);
        if (stored.isPresent()) {
            try {
                return CredentialCipher.fromBase64Key(new String(stored.get(), StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(ENCRYPTION_KEY_FILE + " in " + directory.path()
                        + " does not hold a 32-byte key in standard base64");
            }
        }
        String generated = CredentialCipher.newBase64Key(new SecureRandom());
        directory.writeAtomically(ENCRYPTION_KEY_FILE, (generated + "\n").getBytes(StandardCharsets.US_ASCII));
        log.info("Generated the credential encryption key in {}", directory.resolve(ENCRYPTION_KEY_FILE));
        return CredentialCipher.fromBase64Key(generated);
    }
}
