package dev.llmrelay.core.oauth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sign-ins under way on this relay node, in memory: a session is finished on the node that started it, at
 * most once, before it expires. Expired sessions are dropped as new ones open.
 */
final class OnboardingSessions {
    private final Clock clock;
    private final Map<String, OnboardingSession> byId = new ConcurrentHashMap<>();

    OnboardingSessions(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void open(OnboardingSession session) {
        Instant now = clock.instant();
        byId.values().removeIf(old -> !now.isBefore(old.expiresAt()));
        byId.put(session.id(), session);
    }

    /** What looking a session up found. */
    sealed interface Lookup {
        record Found(OnboardingSession session) implements Lookup {
        }

        record Expired() implements Lookup {
        }

        record Unknown() implements Lookup {
        }
    }

    Lookup find(String id) {
        OnboardingSession session = byId.get(id);
        if (session == null) {
            return new Lookup.Unknown();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            byId.remove(id, session);
            return new Lookup.Expired();
        }
        return new Lookup.Found(session);
    }

    /** Ends the session: a code is exchanged once. */
    void close(OnboardingSession session) {
        byId.remove(session.id(), session);
    }
}
