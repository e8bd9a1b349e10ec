package dev.llmrelay.core.translate;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The translators a relay has, by client and upstream protocol. The engine asks it which upstream protocols
 * a client's request can be served in, and for the translator once an account is chosen.
 */
public final class Translators {
    private final Map<Pair, ProtocolTranslator> byPair = new HashMap<>();
    private final Map<Protocol, Set<Protocol>> servable = new EnumMap<>(Protocol.class);

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
        for (Protocol client : Protocol.values()) {
            Set<Protocol> protocols = EnumSet.of(client);
            byPair.keySet().stream().filter(pair -> pair.client() == client).forEach(pair -> protocols.add(pair.upstream()));
            servable.put(client, Collections.unmodifiableSet(protocols));
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
        return servable.get(client);
    }
}
