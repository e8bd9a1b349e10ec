package dev.llmrelay.core.store.memory;

import dev.llmrelay.core.oauth.OnboardingSession;
import dev.llmrelay.core.oauth.OnboardingSessions;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sign-ins under way in one relay process: enough for a relay that is alone on its store. Expired sessions
 * are dropped as new ones open; a session is taken once, however many finishes race for it.
 */
public final class MemoryOnboardingSessions implements OnboardingSessions {
    private final Clock clock;
    private final ConcurrentMap<String, OnboardingSession> byId = new ConcurrentHashMap<>();

    public MemoryOnboardingSessions(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open(OnboardingSession session) {
        Objects.requireNonNull(session, "session");
        Instant now = clock.instant();
        if (!now.isBefore(session.expiresAt())) {
            throw new IllegalArgumentException("a sign-in session must expire after it opens");
        }
        byId.values().removeIf(old -> expired(old, now));
        byId.put(session.id(), session);
    }

    @Override
    public Optional<OnboardingSession> find(String id) {
        OnboardingSession session = byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        if (expired(session, clock.instant())) {
            byId.remove(id, session);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    @Override
    public Take take(String id, Optional<String> state) {
        Objects.requireNonNull(state, "state");
        Instant now = clock.instant();
        AtomicReference<Take> result = new AtomicReference<>(new Take.NotOpen());
        byId.computeIfPresent(id, (ignored, session) -> {
            if (expired(session, now)) {
                return null;
            }
            if (state.isPresent() && !state.get().equals(session.state())) {
                result.set(new Take.StateDiffers());
                return session;
            }
            result.set(new Take.Taken(session));
            return null;
        });
        return result.get();
    }

    private static boolean expired(OnboardingSession session, Instant now) {
        return !now.isBefore(session.expiresAt());
    }
}
