package dev.llmrelay.core.store.memory;

import static dev.llmrelay.core.store.TestKeys.claudeRequest;
import static dev.llmrelay.core.store.TestKeys.key;
import static dev.llmrelay.core.store.TestKeys.plaintextOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What only the in-memory key policy does, for the embedded store built on it: past spend counted back in, and
 * rolling windows snapshotted and restored. Every store's limits are in {@code KeyLimitsContract}.
 */
class MemoryKeyPolicyLimitsTest {
    private final MutableClock clock = MutableClock.at("2026-11-25T14:00:00Z"); // a Wednesday
    private final MemoryKeyPolicy keys = new MemoryKeyPolicy(clock);

    private static KeyLimits limits(Integer window, Long requests, Long tokens, Double day, Double week, Double total,
                                    Integer concurrency) {
        return new KeyLimits(
                window == null ? OptionalInt.empty() : OptionalInt.of(window),
                requests == null ? OptionalLong.empty() : OptionalLong.of(requests),
                tokens == null ? OptionalLong.empty() : OptionalLong.of(tokens),
                day == null ? OptionalDouble.empty() : OptionalDouble.of(day),
                week == null ? OptionalDouble.empty() : OptionalDouble.of(week),
                total == null ? OptionalDouble.empty() : OptionalDouble.of(total),
                concurrency == null ? OptionalInt.empty() : OptionalInt.of(concurrency));
    }

    /** Admits one request for alice, settles what it used and ends it. */
    private void request(long tokens, double costUsd) {
        try (KeyLease lease = admitted(keys.admit(plaintextOf("alice"), claudeRequest()))) {
            lease.settle(TokenUsage.of(tokens, 0, 0, 0), costUsd);
        }
    }

    private KeyDecision tryAlice() {
        return keys.admit(plaintextOf("alice"), claudeRequest());
    }

    // ---- tokens per window

    @Test
    void pastSpendCountsTowardsTheBudgetsItFallsIn() {
        keys.save(key("alice").limits(limits(null, null, null, 1.0, 2.5, 10.0, null)).build());

        keys.countPastSpend("alice", Instant.parse("2026-11-25T09:00:00Z"), 0.5); // today
        keys.countPastSpend("alice", Instant.parse("2026-11-23T09:00:00Z"), 2.0); // Monday, this week
        keys.countPastSpend("alice", Instant.parse("2026-10-01T09:00:00Z"), 4.0); // long ago
        keys.countPastSpend("ghost", Instant.parse("2026-11-25T09:00:00Z"), 99.0);

        assertThat(keys.standing("alice").orElseThrow())
                .isEqualTo(new KeyStanding(0, 0, 0.5, 2.5, 6.5, 0));
        rejected(tryAlice()); // the week's $2.50 is reached
    }

    @Test
    void windowsSurviveASnapshotAndRestore() {
        var limits = limits(60, 2L, 500L, null, null, null, null);
        keys.save(key("alice").limits(limits).build());
        request(300, 0);
        clock.advance(Duration.ofSeconds(5));
        request(200, 0);

        var restored = new MemoryKeyPolicy(clock);
        restored.save(key("alice").limits(limits).build());
        keys.windows().forEach(restored::restoreWindows);

        assertThat(restored.standing("alice").orElseThrow()).isEqualTo(new KeyStanding(2, 500, 0, 0, 0, 0));
        assertThat(rejected(restored.admit(plaintextOf("alice"), claudeRequest())).retryAfter())
                .contains(Duration.ofSeconds(55));
    }

    private static KeyLease admitted(KeyDecision decision) {
        assertThat(decision).isInstanceOf(KeyDecision.Admitted.class);
        return ((KeyDecision.Admitted) decision).lease();
    }

    private static RelayError rejected(KeyDecision decision) {
        assertThat(decision).isInstanceOf(KeyDecision.Rejected.class);
        return ((KeyDecision.Rejected) decision).error();
    }
}
