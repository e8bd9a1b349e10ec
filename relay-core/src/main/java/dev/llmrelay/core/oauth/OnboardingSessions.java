package dev.llmrelay.core.oauth;

import java.util.Optional;

/**
 * Where sign-ins wait between the admin API's OAuth start and finish: in the relay's store, so that every relay
 * node sharing it can finish a sign-in another node started. A session is kept until its {@code expiresAt} and
 * taken at most once.
 *
 * <p>What a session holds and what finish checks is {@link OAuthOnboarding}'s; a store supplies only these three
 * steps, the last one atomic (a lock in memory, one script in Redis).
 */
public interface OnboardingSessions {

    /**
     * Keeps {@code session} until its {@code expiresAt}.
     *
     * @throws IllegalArgumentException when it has already expired by the store's clock
     */
    void open(OnboardingSession session);

    /** The open session {@code id}: empty when it was never opened, has expired, or has been taken. */
    Optional<OnboardingSession> find(String id);

    /**
     * Takes the open session {@code id} away in one atomic step, so that of any number of finishes racing for it
     * exactly one gets it. With a {@code state}, only if that is the session's state: a code of another sign-in
     * leaves the session open.
     */
    Take take(String id, Optional<String> state);

    /** What taking a session found. */
    sealed interface Take {
        /** The session, now closed: no one else will get it. */
        record Taken(OnboardingSession session) implements Take {
        }

        /** No open session of that id: never opened, expired, or taken already. */
        record NotOpen() implements Take {
        }

        /** The session is open, but its state is not the one given; it stays open. */
        record StateDiffers() implements Take {
        }
    }
}
