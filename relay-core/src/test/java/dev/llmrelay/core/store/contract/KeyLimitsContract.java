package dev.llmrelay.core.store.contract;

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
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@code KeyPolicy} does, whichever store it is: extend it with a way to open the
 * store (see the memory, embedded and Redis stores' tests).
 */
public abstract class KeyLimitsContract {
    private static final int RACERS = 50;

    protected final MutableClock clock = MutableClock.at("2026-11-25T14:00:00Z"); // a Wednesday
    private RelayStore store;
    private KeyPolicy keys;

    /** Opens an empty store of the kind under test, on this clock. */
    protected abstract RelayStore openStore(MutableClock clock);

    @BeforeEach
    public void openTheStore() {
        store = openStore(clock);
        keys = store.keys();
    }

    @AfterEach
    public void closeTheStore() {
        store.close();
    }

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
    public void tokensPerWindowAdmitsWhileUnderTheLimitAndRefusesAtIt() {
        keys.save(key("alice").limits(limits(60, null, 1_000L, null, null, null, null)).build());
        request(600, 0);
        clock.advance(Duration.ofSeconds(10));
        request(399, 0);

        admitted(tryAlice()).close(); // 999 < 1000

        request(1, 0); // 1000
        RelayError error = rejected(tryAlice());
        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.message()).contains("1000 tokens per 60 seconds");
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(50)); // the 600 leave at 0s + 60s; now is 10s
        clock.advance(Duration.ofSeconds(49));
        rejected(tryAlice());
        clock.advance(Duration.ofSeconds(1));
        admitted(tryAlice()).close();
    }

    @Test
    public void tokensCountEveryKindOfTokenTheAnswerUsed() {
        keys.save(key("alice").limits(limits(60, null, 100L, null, null, null, null)).build());
        try (KeyLease lease = admitted(tryAlice())) {
            lease.settle(new TokenUsage(10, 20, 30, 40, 5, 3), 0); // 100 in all
        }

        rejected(tryAlice());
        assertThat(keys.standing("alice").orElseThrow().tokensInWindow()).isEqualTo(100);
    }

    // ---- cost per day, week, in total

    @Test
    public void dailyBudgetRefusesOnceSpendReachesItExactlyAndRenewsAtUtcMidnight() {
        keys.save(key("alice").limits(limits(null, null, null, 1.0, null, null, null)).build());
        for (int i = 0; i < 9; i++) {
            request(10, 0.1);
        }
        admitted(tryAlice()).close(); // $0.90 < $1

        request(10, 0.1); // $1.00 exactly, summed without rounding drift
        RelayError error = rejected(tryAlice());

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.message()).contains("daily budget of $1").contains("00:00 UTC");
        assertThat(error.retryAfter()).contains(Duration.ofHours(10)); // 14:00 → 24:00
        clock.set(Instant.parse("2026-11-25T23:59:59Z"));
        rejected(tryAlice());
        clock.set(Instant.parse("2026-11-26T00:00:00Z"));
        admitted(tryAlice()).close();
        assertThat(keys.standing("alice").orElseThrow().costTodayUsd()).isZero();
    }

    @Test
    public void weeklyBudgetSpansDaysAndRenewsOnMondayUtc() {
        keys.save(key("alice").limits(limits(null, null, null, null, 2.0, null, null)).build());
        request(10, 1.5); // Wednesday
        clock.set(Instant.parse("2026-11-27T09:00:00Z")); // Friday
        admitted(tryAlice()).close();
        request(10, 0.5); // $2.00 this week

        RelayError error = rejected(tryAlice());

        assertThat(error.message()).contains("weekly budget of $2").contains("Monday");
        assertThat(error.retryAfter()).contains(Duration.between(Instant.parse("2026-11-27T09:00:00Z"),
                Instant.parse("2026-11-30T00:00:00Z")));
        clock.set(Instant.parse("2026-11-29T23:59:59Z")); // Sunday night
        rejected(tryAlice());
        clock.set(Instant.parse("2026-11-30T00:00:00Z")); // Monday
        admitted(tryAlice()).close();
    }

    @Test
    public void totalBudgetNeverRenewsAndSaysSo() {
        keys.save(key("alice").limits(limits(null, null, null, null, null, 0.75, null)).build());
        request(10, 0.25);
        request(10, 0.25);
        admitted(tryAlice()).close();
        request(10, 0.25);

        RelayError error = rejected(tryAlice());

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.message()).contains("total budget of $0.75").contains("does not renew");
        assertThat(error.retryAfter()).contains(dev.llmrelay.core.key.KeyRefusals.TOTAL_BUDGET_RETRY_AFTER);
        clock.advance(Duration.ofDays(400));
        rejected(tryAlice());
    }

    @Test
    public void aBudgetOfZeroAdmitsNothing() {
        keys.save(key("alice").limits(limits(null, null, null, 0.0, null, null, null)).build());

        assertThat(rejected(tryAlice()).message()).contains("daily budget of $0");
    }

    @Test
    public void spendCountsInTheDayTheRequestWasAdmitted() {
        keys.save(key("alice").limits(limits(null, null, null, 1.0, null, null, null)).build());
        clock.set(Instant.parse("2026-11-25T23:59:50Z"));
        KeyLease lease = admitted(tryAlice());
        clock.set(Instant.parse("2026-11-26T00:00:10Z"));

        lease.settle(TokenUsage.of(10, 10, 0, 0), 5.0);
        lease.close();

        KeyStanding standing = keys.standing("alice").orElseThrow();
        assertThat(standing.costTodayUsd()).isZero();
        assertThat(standing.costWeekUsd()).isEqualTo(5.0);
        assertThat(standing.costTotalUsd()).isEqualTo(5.0);
        admitted(tryAlice()).close();
    }

    @Test
    public void whenSeveralLimitsRefuseTheOneFreeingLastAnswers() {
        keys.save(key("alice").limits(limits(60, 1L, null, 1.0, null, null, null)).build());
        request(10, 1.0); // uses the window's one request and the day's budget

        RelayError error = rejected(tryAlice());

        assertThat(error.message()).contains("daily budget");
        assertThat(error.retryAfter()).contains(Duration.ofHours(10));
    }

    @Test
    public void aLeaseSettlesOnlyOnce() {
        keys.save(key("alice").build());
        KeyLease lease = admitted(tryAlice());

        lease.settle(TokenUsage.of(100, 0, 0, 0), 1.0);
        lease.settle(TokenUsage.of(100, 0, 0, 0), 1.0);
        lease.close();

        KeyStanding standing = keys.standing("alice").orElseThrow();
        assertThat(standing.tokensInWindow()).isEqualTo(100);
        assertThat(standing.costTotalUsd()).isEqualTo(1.0);
    }

    @Test
    public void standingReportsEveryCounter() {
        keys.save(key("alice").limits(limits(60, 10L, 10_000L, 5.0, 20.0, 100.0, 3)).build());
        request(300, 0.5);
        KeyLease held = admitted(tryAlice());

        KeyStanding standing = keys.standing("alice").orElseThrow();

        assertThat(standing).isEqualTo(new KeyStanding(2, 300, 0.5, 0.5, 0.5, 1));
        held.close();
        assertThat(keys.standing("nobody")).isEmpty();
    }

    @Test
    public void changingAKeyKeepsWhatItSpentAndItsNewLimitAppliesAtOnce() {
        keys.save(key("alice").limits(limits(null, null, null, 1.0, null, null, null)).build());
        request(10, 1.0);
        rejected(tryAlice());

        keys.save(key("alice").limits(limits(null, null, null, 2.0, null, null, null)).build());
        admitted(tryAlice()).close();
        keys.save(key("alice").limits(limits(null, null, null, 0.5, null, null, null)).build());

        rejected(tryAlice());
        assertThat(keys.standing("alice").orElseThrow().costTodayUsd()).isEqualTo(1.0);
    }

    // ---- expiry, both ways

    @Test
    public void fixedExpiryAndExpiryAfterFirstUseTheEarlierWins() {
        keys.save(key("alice").expiresAt(Instant.parse("2026-12-01T00:00:00Z")).expiresAfterFirstUseDays(30).build());
        keys.save(key("bob").expiresAt(Instant.parse("2027-06-01T00:00:00Z")).expiresAfterFirstUseDays(3).build());
        admitted(tryAlice()).close();
        admitted(keys.admit(plaintextOf("bob"), claudeRequest())).close(); // first use: 2026-11-25T14:00

        clock.set(Instant.parse("2026-11-28T13:59:59Z"));
        admitted(keys.admit(plaintextOf("bob"), claudeRequest())).close();
        clock.set(Instant.parse("2026-11-28T14:00:00Z"));
        assertThat(rejected(keys.admit(plaintextOf("bob"), claudeRequest())).message()).isEqualTo("relay key expired");

        clock.set(Instant.parse("2026-11-30T23:59:59Z"));
        admitted(tryAlice()).close();
        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        RelayError expired = rejected(tryAlice());
        assertThat(expired.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(expired.message()).isEqualTo("relay key expired");
    }

    // ---- client restrictions

    @Test
    public void aKeyAllowingKnownClientsAndAPatternAdmitsThemAndRefusesOthersNamingWhatItSaw() {
        keys.save(key("alice").allowedClients("codex-cli", "my-agent/*").build());

        admitted(keys.admit(plaintextOf("alice"), access(Optional.of("codex-cli"), "codex-tui/0.169.0"))).close();
        admitted(keys.admit(plaintextOf("alice"), access(Optional.empty(), "My-Agent/2.0 (linux)"))).close();
        RelayError claude = rejected(keys.admit(plaintextOf("alice"),
                access(Optional.of("claude-code"), "claude-cli/2.1.197 (external, cli)")));
        RelayError curl = rejected(keys.admit(plaintextOf("alice"), access(Optional.empty(), "curl/8.5.0")));
        RelayError none = rejected(keys.admit(plaintextOf("alice"), access(Optional.empty(), "")));

        assertThat(claude.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(claude.message()).isEqualTo("relay key may not be used from claude-code");
        assertThat(curl.message()).isEqualTo(
                "relay key may not be used from an unrecognised client (User-Agent: curl/8.5.0)");
        assertThat(none.message()).contains("no User-Agent");
    }

    private static AccessRequest access(Optional<String> clientId, String userAgent) {
        return new AccessRequest(Service.CLAUDE, "claude-sonnet-4-5", clientId, userAgent);
    }

    // ---- racing for the last slot

    @Test
    public void fiftyRacersForTheLastRequestOfTheWindowLetExactlyOneThrough() throws Exception {
        keys.save(key("alice").limits(limits(60, 10L, null, null, null, null, null)).build());
        for (int i = 0; i < 9; i++) {
            admitted(tryAlice()).close();
        }

        List<KeyDecision> decisions = race(this::tryAlice);

        assertThat(decisions.stream().filter(KeyDecision.Admitted.class::isInstance)).hasSize(1);
        assertThat(decisions.stream().filter(d -> d instanceof KeyDecision.Rejected r
                && r.error().kind() == ErrorKind.RATE_LIMITED)).hasSize(RACERS - 1);
        assertThat(keys.standing("alice").orElseThrow().requestsInWindow()).isEqualTo(10);
    }

    @Test
    public void fiftyRacersForTheLastConcurrencySlotLetExactlyOneThroughAndAllSlotsComeBack() throws Exception {
        keys.save(key("alice").limits(limits(null, null, null, null, null, null, 5)).build());
        List<KeyLease> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(admitted(tryAlice()));
        }

        List<KeyDecision> decisions = race(this::tryAlice);

        List<KeyLease> winners = decisions.stream().filter(KeyDecision.Admitted.class::isInstance)
                .map(d -> ((KeyDecision.Admitted) d).lease()).toList();
        assertThat(winners).hasSize(1);
        assertThat(keys.standing("alice").orElseThrow().inFlight()).isEqualTo(5);
        winners.forEach(KeyLease::close);
        held.forEach(KeyLease::close);
        assertThat(keys.standing("alice").orElseThrow().inFlight()).isZero();
    }

    @Test
    public void fiftyRacersAtASpentBudgetAllGetRefused() throws Exception {
        keys.save(key("alice").limits(limits(null, null, 1_000L, 1.0, null, null, null)).build());
        request(1_000, 1.0);

        List<KeyDecision> decisions = race(this::tryAlice);

        assertThat(decisions).allMatch(KeyDecision.Rejected.class::isInstance);
    }

    @Test
    public void fiftyRequestsSettlingAtOnceAreEachCountedOnceAndTheBudgetThenHolds() throws Exception {
        keys.save(key("alice").limits(limits(60, null, 1_000L, 0.5, null, null, null)).build());
        List<KeyLease> leases = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            leases.add(admitted(tryAlice())); // spend is still 0: every one is admitted
        }
        var queue = new ConcurrentLinkedQueue<>(leases);

        race(() -> {
            KeyLease lease = queue.poll();
            lease.settle(TokenUsage.of(20, 0, 0, 0), 0.01);
            lease.close();
            return null;
        });

        KeyStanding standing = keys.standing("alice").orElseThrow();
        assertThat(standing.tokensInWindow()).isEqualTo(1_000);
        assertThat(standing.costTodayUsd()).isCloseTo(0.5, within(1e-12));
        assertThat(standing.inFlight()).isZero();
        assertThat(rejected(tryAlice()).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    }

    /** Runs {@code attempt} on {@link #RACERS} threads released together; answers their results. */
    private static <T> List<T> race(Supplier<T> attempt) throws Exception {
        CountDownLatch ready = new CountDownLatch(RACERS);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(executor.submit(() -> {
                    ready.countDown();
                    start.await();
                    return attempt.get();
                }));
            }
            ready.await();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            executor.shutdown();
        }
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
