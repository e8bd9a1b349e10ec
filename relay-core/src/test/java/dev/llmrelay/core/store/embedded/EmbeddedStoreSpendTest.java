package dev.llmrelay.core.store.embedded;

import static dev.llmrelay.core.store.TestKeys.claudeRequest;
import static dev.llmrelay.core.store.TestKeys.key;
import static dev.llmrelay.core.store.TestKeys.plaintextOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageRecord;
import dev.llmrelay.core.store.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a key spent and its rolling windows survive a restart of the embedded store. */
class EmbeddedStoreSpendTest {
    private static final KeyLimits BUDGETS = new KeyLimits(OptionalInt.of(60), OptionalLong.of(3),
            OptionalLong.of(10_000), OptionalDouble.of(1.0), OptionalDouble.of(5.0), OptionalDouble.of(20.0),
            OptionalInt.empty());

    @TempDir
    Path dataDir;

    private final MutableClock clock = MutableClock.at("2026-11-25T14:00:00Z"); // a Wednesday

    private EmbeddedStore open() {
        return EmbeddedStore.open(dataDir, Optional.empty(), clock);
    }

    /** One request as the engine makes it: admitted, settled, recorded as usage, ended. */
    private static void request(EmbeddedStore store, Instant at, long tokens, double costUsd) {
        KeyDecision decision = store.keys().admit(plaintextOf("alice"), claudeRequest());
        assertThat(decision).isInstanceOf(KeyDecision.Admitted.class);
        try (KeyLease lease = ((KeyDecision.Admitted) decision).lease()) {
            TokenUsage used = TokenUsage.of(tokens, 0, 0, 0);
            lease.settle(used, costUsd);
            store.usage().record(new UsageRecord(at, "alice", Optional.of("acc-1"), Optional.of(Platform.CLAUDE),
                    "claude-sonnet-4-5", used, costUsd, 200, false, Duration.ofMillis(10), Optional.empty()));
        }
    }

    @Test
    void spendTodayThisWeekAndInAllIsTheSameAfterARestart() {
        try (EmbeddedStore store = open()) {
            store.keys().save(key("alice").limits(BUDGETS).build());
            clock.set(Instant.parse("2026-11-23T10:00:00Z")); // Monday
            request(store, clock.instant(), 100, 2.0);
            clock.set(Instant.parse("2026-11-25T14:00:00Z")); // Wednesday
            request(store, clock.instant(), 100, 0.5);
            request(store, clock.instant(), 100, 0.5);
        }
        clock.advance(Duration.ofMinutes(2));

        try (EmbeddedStore reopened = open()) {
            KeyStanding standing = reopened.keys().standing("alice").orElseThrow();
            assertThat(standing.costTodayUsd()).isCloseTo(1.0, within(1e-9));
            assertThat(standing.costWeekUsd()).isCloseTo(3.0, within(1e-9));
            assertThat(standing.costTotalUsd()).isCloseTo(3.0, within(1e-9));
            assertThat(reopened.keys().admit(plaintextOf("alice"), claudeRequest()))
                    .as("the day's $1 budget is still spent").isInstanceOf(KeyDecision.Rejected.class);
        }
    }

    @Test
    void theTotalNeverResetsAcrossRestartsOnLaterDays() {
        try (EmbeddedStore store = open()) {
            store.keys().save(key("alice").limits(BUDGETS).build());
            request(store, clock.instant(), 100, 0.75);
        }
        clock.set(Instant.parse("2026-12-09T09:00:00Z")); // two weeks on
        try (EmbeddedStore store = open()) {
            request(store, clock.instant(), 100, 0.25);
        }
        clock.set(Instant.parse("2027-03-01T09:00:00Z"));

        try (EmbeddedStore reopened = open()) {
            KeyStanding standing = reopened.keys().standing("alice").orElseThrow();
            assertThat(standing.costTodayUsd()).isZero();
            assertThat(standing.costWeekUsd()).isZero();
            assertThat(standing.costTotalUsd()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void theRequestAndTokenWindowsAreTheSameAfterARestart() {
        try (EmbeddedStore store = open()) {
            store.keys().save(key("alice").limits(BUDGETS).build());
            request(store, clock.instant(), 4_000, 0);
            clock.advance(Duration.ofSeconds(10));
            request(store, clock.instant(), 6_000, 0);
        }
        clock.advance(Duration.ofSeconds(5));

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.keys().standing("alice").orElseThrow())
                    .extracting(KeyStanding::requestsInWindow, KeyStanding::tokensInWindow)
                    .containsExactly(2L, 10_000L);
            assertThat(reopened.keys().admit(plaintextOf("alice"), claudeRequest()))
                    .as("10,000 tokens in the window").isInstanceOf(KeyDecision.Rejected.class);
            clock.advance(Duration.ofSeconds(45)); // the first 4,000 leave the window
            assertThat(reopened.keys().admit(plaintextOf("alice"), claudeRequest()))
                    .isInstanceOf(KeyDecision.Admitted.class);
        }
    }

    @Test
    void aDeletedKeysWindowsAndSpendAreNotRestored() {
        try (EmbeddedStore store = open()) {
            store.keys().save(key("alice").limits(BUDGETS).build());
            request(store, clock.instant(), 100, 1.0);
            store.keys().delete("alice");
        }

        try (EmbeddedStore reopened = open()) {
            assertThat(reopened.keys().standing("alice")).isEmpty();
        }
    }
}
