package dev.llmrelay.core.store.embedded;

import dev.llmrelay.api.Secret;
import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.key.RelayKey;
import java.util.List;
import java.util.Optional;

/**
 * A key policy that keeps {@code keys.json} up to date: every change of a key is on disk when the call
 * returns; the first- and last-use times an {@link #admit} stamps are written within a second.
 */
final class PersistentKeyPolicy implements KeyPolicy {
    private final KeyPolicy memory;
    private final SnapshotFile file;

    PersistentKeyPolicy(KeyPolicy memory, SnapshotFile file) {
        this.memory = memory;
        this.file = file;
    }

    @Override
    public KeyDecision admit(Secret presentedKey, AccessRequest request) {
        KeyDecision decision = memory.admit(presentedKey, request);
        if (decision instanceof KeyDecision.Admitted) {
            file.markChanged();
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
        file.write();
    }

    @Override
    public boolean delete(String keyId) {
        boolean existed = memory.delete(keyId);
        if (existed) {
            file.write();
        }
        return existed;
    }
}
