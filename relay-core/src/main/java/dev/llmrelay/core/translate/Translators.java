package dev.llmrelay.core.translate;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The translators a relay has, by client and upstream protocol. The engine asks it which upstream protocols
 * a client's request can be served in, and for the translator once an account is chosen.
 */
public final class Translators {
    private final Map<Pair, ProtocolTranslator> byPair = new ConcurrentHashMap<>();

    private record Pair(Protocol client, Protocol upstream) {
    }

    /** A registry of {@code translators}; a later one for the same pair replaces an earlier one. */
    public Translators(Collection<? extends ProtocolTranslator> translators) {
        for (ProtocolTranslator translator : translators) {
            if (translator.client() == translator.upstream()) {
                throw new IllegalArgumentException("a translator converts between two protocols, not "
                        + translator.client() + " to itself");
            }
            byPair.put(new Pair(translator.client(), translator.upstream()), translator);
        }
    }

    public static Translators none() {
        return new Translators(List.of());
    }

    /** The translator from {@code client} to {@code upstream}, if the relay has one. */
    public Optional<ProtocolTranslator> find(Protocol client, Protocol upstream) {
        return Optional.ofNullable(byPair.get(new Pair(client, upstream)));
    }

    /** The protocols a request of {@code client} can be served in: its own, and those a translator reaches. */
    public Set<Protocol> servableFrom(Protocol client) {
        Set<Protocol> protocols = EnumSet.of(client);
        byPair.keySet().stream().filter(pair -> pair.client() == client).forEach(pair -> protocols.add(pair.upstream()));
        return protocols;
    }
}
