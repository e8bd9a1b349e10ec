package dev.llmrelay.core.store.embedded;

import dev.llmrelay.api.Secret;
import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.usage.TokenUsage;
import java.util.List;
import java.util.Optional;

/**
 * A key policy that keeps {@code keys.json} and {@code key-windows.json} up to date: every change of a key is
 * on disk when the call returns; the first- and last-use times an {@link #admit} stamps, and the admissions and
 * settled tokens the rolling windows count, are written within a second.
 */
final class PersistentKeyPolicy implements KeyPolicy {
    private final KeyPolicy memory;
    private final SnapshotFile keysFile;
    private final SnapshotFile windowsFile;

    PersistentKeyPolicy(KeyPolicy memory, SnapshotFile keysFile, SnapshotFile windowsFile) {
        this.memory = memory;
        this.keysFile = keysFile;
        this.windowsFile = windowsFile;
    }

    @Override
    public KeyDecision admit(Secret presentedKey, AccessRequest request) {
        KeyDecision decision = memory.admit(presentedKey, request);
        if (decision instanceof KeyDecision.Admitted admitted) {
            keysFile.markChanged();
            windowsFile.markChanged();
            return new KeyDecision.Admitted(new WindowMarkingLease(admitted.lease(), windowsFile));
        }
        return decision;
    }

    @Override
    public Optional<RelayKey> identify(Secret presentedKey) {
        return memory.identify(presentedKey);
    }

    @Override
    public Optional<KeyStanding> standing(String keyId) {
        return memory.standing(keyId);
    }

    @Override
    public List<RelayKey> list() {
        return memory.list();
    }

    @Override
    public Optional<RelayKey> find(String keyId) {
        return memory.find(keyId);
    }

    @Override
    public void save(RelayKey key) {
        memory.save(key);
        keysFile.write();
    }

    @Override
    public boolean delete(String keyId) {
        boolean existed = memory.delete(keyId);
        if (existed) {
            keysFile.write();
            windowsFile.markChanged();
        }
        return existed;
    }

    /** A lease whose settlement marks the windows file for the next write. */
    private record WindowMarkingLease(KeyLease lease, SnapshotFile windowsFile) implements KeyLease {
        @Override
        public RelayKey key() {
            return lease.key();
        }

        @Override
        public void settle(TokenUsage used, double costUsd) {
            lease.settle(used, costUsd);
            windowsFile.markChanged();
        }

        @Override
        public void close() {
            lease.close();
        }
    }
}
