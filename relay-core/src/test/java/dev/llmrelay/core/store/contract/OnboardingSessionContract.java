package dev.llmrelay.core.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.core.oauth.DeviceAuthorization;
import dev.llmrelay.core.oauth.OnboardingSession;
import dev.llmrelay.core.oauth.OnboardingSessions;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store's OAuth sign-in sessions do: a session started is found with its secrets until it expires, is
 * taken once however many finishes race for it, and a state of another sign-in leaves it open.
 */
public abstract class OnboardingSessionContract {
    protected final MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");
    private RelayStore store;
    private OnboardingSessions sessions;

    /** Opens an empty store of the kind under test, on this clock. */
    protected abstract RelayStore openStore(MutableClock clock);

    /**
     * Lets {@code duration} pass for the store's sessions: the clock's for a store that reads it, real time for one
     * that keeps time itself (Redis expires keys by its own clock).
     */
    protected void letPass(Duration duration) {
        clock.advance(duration);
    }

    /** A session life the store keeps to the millisecond, short enough that {@link #letPass} can outlive it. */
    protected Duration shortLife() {
        return Duration.ofMinutes(15);
    }

    @BeforeEach
    public void openTheStore() {
        store = openStore(clock);
        sessions = store.onboardingSessions();
    }

    @AfterEach
    public void closeTheStore() {
        store.close();
    }

    private OnboardingSession byCode(String id, String state, Duration life) {
        return OnboardingSession.byCode(id, Platform.CLAUDE, state, Secret.of("verifier-of-" + id),
                clock.instant().plus(life));
    }

    @Test
    public void aSessionIsFoundWithItsStateAndVerifierUntilItIsTaken() {
        sessions.open(byCode("oas_1", "state-1", Duration.ofMinutes(15)));

        OnboardingSession found = sessions.find("oas_1").orElseThrow();

        assertThat(found.platform()).isEqualTo(Platform.CLAUDE);
        assertThat(found.state()).isEqualTo("state-1");
        assertThat(found.verifier().orElseThrow().reveal()).isEqualTo("verifier-of-oas_1");
        assertThat(found.device()).isEmpty();
        assertThat(found.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(sessions.find("oas_1")).as("finding does not take").isPresent();
    }

    @Test
    public void aDeviceLoginKeepsItsDeviceCodePageAndInterval() {
        var device = new DeviceAuthorization(Secret.of("device-code-1"), "WXYZ-1234",
                "https://factory.example/device?user_code=WXYZ-1234", Duration.ofMinutes(5), Duration.ofSeconds(5));
        sessions.open(OnboardingSession.byDevice("oas_device", Platform.DROID, device,
                clock.instant().plus(Duration.ofMinutes(5))));

        OnboardingSession found = sessions.find("oas_device").orElseThrow();

        assertThat(found.platform()).isEqualTo(Platform.DROID);
        assertThat(found.verifier()).isEmpty();
        DeviceAuthorization kept = found.device().orElseThrow();
        assertThat(kept.deviceCode().reveal()).isEqualTo("device-code-1");
        assertThat(kept.userCode()).isEqualTo("WXYZ-1234");
        assertThat(kept.verificationUri()).isEqualTo("https://factory.example/device?user_code=WXYZ-1234");
        assertThat(kept.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(sessions.take("oas_device", Optional.empty())).isInstanceOf(OnboardingSessions.Take.Taken.class);
    }

    @Test
    public void aSessionIsTakenOnceWithItsVerifier() {
        sessions.open(byCode("oas_1", "state-1", Duration.ofMinutes(15)));

        OnboardingSessions.Take first = sessions.take("oas_1", Optional.of("state-1"));

        assertThat(first).isInstanceOfSatisfying(OnboardingSessions.Take.Taken.class, taken ->
                assertThat(taken.session().verifier().orElseThrow().reveal()).isEqualTo("verifier-of-oas_1"));
        assertThat(sessions.take("oas_1", Optional.of("state-1"))).isInstanceOf(OnboardingSessions.Take.NotOpen.class);
        assertThat(sessions.find("oas_1")).isEmpty();
    }

    @Test
    public void aStateOfAnotherSignInIsRefusedAndLeavesTheSessionOpen() {
        sessions.open(byCode("oas_1", "state-1", Duration.ofMinutes(15)));

        assertThat(sessions.take("oas_1", Optional.of("someone-elses-state")))
                .isInstanceOf(OnboardingSessions.Take.StateDiffers.class);

        assertThat(sessions.find("oas_1")).isPresent();
        assertThat(sessions.take("oas_1", Optional.of("state-1"))).isInstanceOf(OnboardingSessions.Take.Taken.class);
    }

    @Test
    public void aSessionTakenWithoutAStateIsTakenWhateverItsState() {
        sessions.open(byCode("oas_1", "state-1", Duration.ofMinutes(15)));

        assertThat(sessions.take("oas_1", Optional.empty())).isInstanceOf(OnboardingSessions.Take.Taken.class);
    }

    @Test
    public void anUnknownSessionIsNotOpen() {
        assertThat(sessions.find("oas_never")).isEmpty();
        assertThat(sessions.take("oas_never", Optional.of("state"))).isInstanceOf(OnboardingSessions.Take.NotOpen.class);
    }

    @Test
    public void eachSessionIsTakenOnItsOwn() {
        sessions.open(byCode("oas_1", "state-1", Duration.ofMinutes(15)));
        sessions.open(byCode("oas_2", "state-2", Duration.ofMinutes(15)));

        sessions.take("oas_1", Optional.empty());

        assertThat(sessions.find("oas_2").orElseThrow().state()).isEqualTo("state-2");
    }

    @Test
    public void aSessionExpiresAtTheEndOfItsLife() {
        sessions.open(byCode("oas_short", "state-1", shortLife()));
        sessions.open(byCode("oas_long", "state-2", shortLife().multipliedBy(200)));

        letPass(shortLife().plusMillis(50));

        assertThat(sessions.find("oas_short")).isEmpty();
        assertThat(sessions.take("oas_short", Optional.of("state-1"))).isInstanceOf(OnboardingSessions.Take.NotOpen.class);
        assertThat(sessions.find("oas_long")).isPresent();
    }

    @Test
    public void ofManyFinishesRacingForOneSessionExactlyOneTakesIt() throws Exception {
        sessions.open(byCode("oas_1", "state-1", Duration.ofMinutes(15)));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            List<Future<OnboardingSessions.Take>> tries = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                tries.add(pool.submit(() -> {
                    start.await();
                    return sessions.take("oas_1", Optional.of("state-1"));
                }));
            }
            start.countDown();
            int taken = 0;
            int notOpen = 0;
            for (Future<OnboardingSessions.Take> attempt : tries) {
                OnboardingSessions.Take take = attempt.get();
                taken += take instanceof OnboardingSessions.Take.Taken ? 1 : 0;
                notOpen += take instanceof OnboardingSessions.Take.NotOpen ? 1 : 0;
            }
            assertThat(taken).isEqualTo(1);
            assertThat(notOpen).isEqualTo(threads - 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
