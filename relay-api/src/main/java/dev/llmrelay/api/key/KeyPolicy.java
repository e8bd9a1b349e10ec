package dev.llmrelay.api.key;

import dev.llmrelay.api.Secret;
import java.util.List;
import java.util.Optional;

/**
 * The relay keys and what each may do.
 *
 * <p>{@link #admit} is the one check-and-take for a request: it finds the key by the hash of what the client
 * presented, checks that it is enabled, unexpired and allowed this service, model and client, takes its rate
 * and concurrency limits, and stamps its first and last use, atomically with respect to every other caller.
 */
public interface KeyPolicy {

    /** Admits or refuses one request presenting {@code presentedKey}. */
    KeyDecision admit(Secret presentedKey, AccessRequest request);

    /**
     * The key {@code presentedKey} is, checking and taking nothing: for a key's view of its own usage, and to
     * tell an unknown key from a malformed request.
     */
    Optional<RelayKey> identify(Secret presentedKey);

    /** Where the key stands against its limits now; empty when there is no such key. */
    Optional<KeyStanding> standing(String keyId);

    List<RelayKey> list();

    Optional<RelayKey> find(String keyId);

    /** Creates or replaces the key with this id. */
    void save(RelayKey key);

    /** Removes the key; answers whether it existed. */
    boolean delete(String keyId);
}
