package dev.llmrelay.core.store.contract;

import static dev.llmrelay.core.store.TestKeys.claudeRequest;
import static dev.llmrelay.core.store.TestKeys.key;
import static dev.llmrelay.core.store.TestKeys.plaintextOf;
import static dev.llmrelay.core.store.TestKeys.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.TestKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@code KeyPolicy} does, whichever store it is: extend it with a way to open the
 * store (see the memory, embedded and Redis stores' tests).
 */
public abstract class KeyPolicyContract {
    protected final MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");
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

    @Test
    public void unknownKeyIsRejectedAsInvalid() {
        keys.save(key("alice").build());

        RelayError error = rejected(keys.admit(Secret.of("rk_not_a_key_we_issued"), claudeRequest()));

        assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error.message()).isEqualTo("invalid relay key");
    }

    @Test
    public void disabledKeyIsRejected() {
        keys.save(key("alice").enabled(false).build());

        RelayError error = rejected(keys.admit(plaintextOf("alice"), claudeRequest()));

        assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error.message()).isEqualTo("relay key is disabled");
    }

    @Test
    public void keyPastItsExpiryIsRejected() {
        keys.save(key("alice").expiresAt(clock.instant().plusSeconds(60)).build());
        assertThat(keys.admit(plaintextOf("alice"), claudeRequest())).isInstanceOf(KeyDecision.Admitted.class);

        clock.advance(Duration.ofSeconds(60));
        RelayError error = rejected(keys.admit(plaintextOf("alice"), claudeRequest()));

        assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error.message()).isEqualTo("relay key expired");
    }

    @Test
    public void keyExpiresTheGivenDaysAfterItsFirstUse() {
        keys.save(key("alice").expiresAfterFirstUseDays(30).build());
        clock.advance(Duration.ofDays(100)); // unused keys do not age
        admitted(keys.admit(plaintextOf("alice"), claudeRequest())).close();

        clock.advance(Duration.ofDays(30).minusSeconds(1));
        admitted(keys.admit(plaintextOf("alice"), claudeRequest())).close();
        clock.advance(Duration.ofSeconds(1));

        assertThat(rejected(keys.admit(plaintextOf("alice"), claudeRequest())).message())
                .isEqualTo("relay key expired");
    }

    @Test
    public void keyNotAllowedTheServiceIsForbiddenNamingIt() {
        keys.save(key("alice").services(Service.OPENAI).build());

        RelayError error = rejected(keys.admit(plaintextOf("alice"), claudeRequest()));

        assertThat(error.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(error.message()).contains("claude");
    }

    @Test
    public void keyNotAllowedTheModelIsForbiddenNamingIt() {
        keys.save(key("alice").blockedModels("claude-opus-4-1").build());
        keys.save(key("bob").allowedModels("claude-haiku-4-5").build());

        RelayError blocked = rejected(keys.admit(plaintextOf("alice"),
                request(Service.CLAUDE, "claude-opus-4-1", Optional.empty())));
        RelayError notAllowed = rejected(keys.admit(plaintextOf("bob"), claudeRequest()));

        assertThat(blocked.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(blocked.message()).contains("claude-opus-4-1");
        assertThat(notAllowed.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(notAllowed.message()).contains("claude-sonnet-4-5");
        assertThat(keys.admit(plaintextOf("alice"), claudeRequest())).isInstanceOf(KeyDecision.Admitted.class);
    }

    @Test
    public void keyRestrictedToClientsIsForbiddenToOthersNamingTheClientSeen() {
        keys.save(key("alice").allowedClients("claude-code").build());

        RelayError otherClient = rejected(keys.admit(plaintextOf("alice"),
                request(Service.CLAUDE, "claude-sonnet-4-5", Optional.of("codex-cli"))));
        RelayError unrecognised = rejected(keys.admit(plaintextOf("alice"),
                request(Service.CLAUDE, "claude-sonnet-4-5", Optional.empty())));

        assertThat(otherClient.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(otherClient.message()).contains("codex-cli");
        assertThat(unrecognised.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(unrecognised.message()).contains("an unrecognised client");
        assertThat(keys.admit(plaintextOf("alice"), claudeRequest())).isInstanceOf(KeyDecision.Admitted.class);
    }

    @Test
    public void admissionStampsFirstAndLastUse() {
        keys.save(key("alice").build());
        var firstUse = clock.instant();
        admitted(keys.admit(plaintextOf("alice"), claudeRequest())).close();
        clock.advance(Duration.ofMinutes(5));

        KeyLease lease = admitted(keys.admit(plaintextOf("alice"), claudeRequest()));

        assertThat(lease.key().firstUsedAt()).contains(firstUse);
        assertThat(lease.key().lastUsedAt()).contains(clock.instant());
        assertThat(keys.find("alice").orElseThrow().lastUsedAt()).contains(clock.instant());
    }

    @Test
    public void rejectedRequestsDoNotStampUse() {
        keys.save(key("alice").services(Service.OPENAI).build());

        rejected(keys.admit(plaintextOf("alice"), claudeRequest()));

        assertThat(keys.find("alice").orElseThrow().firstUsedAt()).isEmpty();
    }

    @Test
    public void concurrencyLimitHoldsExactlyUnderRacingThreads() throws Exception {
        keys.save(key("alice").limits(TestKeys.maxConcurrency(4)).build());
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<KeyLease> leases = new ConcurrentLinkedQueue<>();
        AtomicInteger limited = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(executor.submit(() -> {
                    start.await();
                    switch (keys.admit(plaintextOf("alice"), claudeRequest())) {
                        case KeyDecision.Admitted admitted -> leases.add(admitted.lease());
                        case KeyDecision.Rejected rejected -> {
                            if (rejected.error().kind() == ErrorKind.RATE_LIMITED) {
                                limited.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }

        assertThat(leases).hasSize(4);
        assertThat(limited).hasValue(12);
        assertThat(keys.standing("alice").orElseThrow().inFlight()).isEqualTo(4);
        leases.forEach(KeyLease::close);
        assertThat(keys.standing("alice").orElseThrow().inFlight()).isZero();
    }

    @Test
    public void concurrencyRejectionSaysToRetrySoon() {
        keys.save(key("alice").limits(TestKeys.maxConcurrency(1)).build());
        KeyLease held = admitted(keys.admit(plaintextOf("alice"), claudeRequest()));

        RelayError error = rejected(keys.admit(plaintextOf("alice"), claudeRequest()));

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(1));
        held.close();
        admitted(keys.admit(plaintextOf("alice"), claudeRequest())).close();
    }

    @Test
    public void closingAKeyLeaseTwiceReleasesItsSlotOnce() {
        keys.save(key("alice").limits(TestKeys.maxConcurrency(2)).build());
        KeyLease first = admitted(keys.admit(plaintextOf("alice"), claudeRequest()));
        KeyLease second = admitted(keys.admit(plaintextOf("alice"), claudeRequest()));

        first.close();
        first.close();

        assertThat(keys.standing("alice").orElseThrow().inFlight()).isEqualTo(1);
        second.close();
        assertThat(keys.standing("alice").orElseThrow().inFlight()).isZero();
    }

    @Test
    public void requestsPerWindowAdmitsExactlyTheLimitThenRateLimitsUntilTheOldestLeaves() {
        keys.save(key("alice").limits(TestKeys.requestsPerWindow(3, 60)).build());
        for (int i = 0; i < 3; i++) {
            admitted(keys.admit(plaintextOf("alice"), claudeRequest())).close();
            clock.advance(Duration.ofSeconds(10));
        }

        RelayError error = rejected(keys.admit(plaintextOf("alice"), claudeRequest()));

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(30)); // the first left at 0s + 60s, now is 30s
        clock.advance(Duration.ofSeconds(29));
        assertThat(keys.admit(plaintextOf("alice"), claudeRequest())).isInstanceOf(KeyDecision.Rejected.class);
        clock.advance(Duration.ofSeconds(1));
        admitted(keys.admit(plaintextOf("alice"), claudeRequest())).close();
        assertThat(keys.admit(plaintextOf("alice"), claudeRequest())).isInstanceOf(KeyDecision.Rejected.class);
    }

    @Test
    public void requestsPerWindowNeverLetsMoreThanTheLimitThroughAnyRollingWindow() {
        keys.save(key("alice").limits(TestKeys.requestsPerWindow(5, 60)).build());
        List<Instant> admittedAt = new ArrayList<>();
        for (int second = 0; second < 300; second++) {
            if (keys.admit(plaintextOf("alice"), claudeRequest()) instanceof KeyDecision.Admitted admitted) {
                admitted.lease().close();
                admittedAt.add(clock.instant());
            }
            clock.advance(Duration.ofSeconds(1));
        }

        for (var start : admittedAt) {
            long inWindow = admittedAt.stream()
                    .filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(60)))
                    .count();
            assertThat(inWindow).isLessThanOrEqualTo(5);
        }
        assertThat(admittedAt).hasSize(25);
    }

    @Test
    public void aRateLimitedRequestDoesNotHoldAConcurrencySlot() {
        keys.save(key("alice").limits(new dev.llmrelay.api.key.KeyLimits(OptionalInt.of(60),
                OptionalLong.of(1), OptionalLong.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.of(5)))
                .build());
        admitted(keys.admit(plaintextOf("alice"), claudeRequest())).close();

        rejected(keys.admit(plaintextOf("alice"), claudeRequest()));

        assertThat(keys.standing("alice").orElseThrow().inFlight()).isZero();
    }

    @Test
    public void savingAKeyWithANewHashRetiresTheOldPlaintext() {
        keys.save(key("alice").build());
        RelayKey rotated = new RelayKey("alice", "alice", KeyHash.of("rk_rotated_plaintext_value"), true,
                Set.of(), Set.of(), Set.of(), Set.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty(),
                KeyLimits.NONE, TestKeys.CREATED, Optional.empty(), Optional.empty());

        keys.save(rotated);

        assertThat(rejected(keys.admit(plaintextOf("alice"), claudeRequest())).kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(keys.admit(Secret.of("rk_rotated_plaintext_value"), claudeRequest()))
                .isInstanceOf(KeyDecision.Admitted.class);
    }

    @Test
    public void twoKeysCannotShareAHash() {
        keys.save(key("alice").build());
        RelayKey clash = new RelayKey("mallory", "mallory", key("alice").build().hash(), true, Set.of(),
                Set.of(), Set.of(), Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                TestKeys.CREATED, Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> keys.save(clash)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void deletedKeyIsNoLongerAdmitted() {
        keys.save(key("alice").build());

        assertThat(keys.delete("alice")).isTrue();
        assertThat(keys.delete("alice")).isFalse();
        assertThat(rejected(keys.admit(plaintextOf("alice"), claudeRequest())).message())
                .isEqualTo("invalid relay key");
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
