package dev.llmrelay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.store.RelayStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfficeHoursKeyPolicyTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final AccessRequest REQUEST =
            new AccessRequest(Service.CLAUDE, "claude-sonnet-4-5", Optional.empty(), "curl/8");

    private static KeyDecision admitAt(String instant, RelayStore store) {
        var clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
        return new OfficeHoursKeyPolicy(store.keys(), BERLIN, clock).admit(Secret.of("rk_office"), REQUEST);
    }

    private static RelayStore storeWithKey(KeyLimits limits) {
        RelayStore store = RelayStore.inMemory(Clock.systemUTC());
        store.keys().save(new RelayKey("key_1", "office", KeyHash.of("rk_office"), true, Set.of(), Set.of(), Set.of(),
                Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), limits,
                Instant.parse("2026-11-01T00:00:00Z"), Optional.empty(), Optional.empty()));
        return store;
    }

    @Test
    void onAWeekdayMorningTheStoresRulesDecide() {
        RelayStore store = storeWithKey(KeyLimits.NONE);

        KeyDecision decision = admitAt("2026-11-24T09:30:00Z", store);

        assertThat(decision).isInstanceOf(KeyDecision.Admitted.class);
        ((KeyDecision.Admitted) decision).lease().close();
    }

    @Test
    void onSaturdayTheKeyIsRefusedUntilMondayAtEight() {
        RelayStore store = storeWithKey(KeyLimits.NONE);

        KeyDecision decision = admitAt("2026-11-28T10:00:00Z", store);

        assertThat(decision).isInstanceOf(KeyDecision.Rejected.class);
        var error = ((KeyDecision.Rejected) decision).error();
        assertThat(error.kind()).isEqualTo(ErrorKind.PERMISSION);
        assertThat(error.retryAfter()).hasValue(Duration.ofHours(45));
    }

    @Test
    void aRefusedRequestTakesNoneOfTheKeysLimits() {
        RelayStore store = storeWithKey(new KeyLimits(OptionalInt.of(3600), OptionalLong.of(1), OptionalLong.empty(),
                java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty(),
                OptionalInt.empty()));

        admitAt("2026-11-24T21:00:00Z", store);

        assertThat(admitAt("2026-11-25T08:30:00Z", store)).as("the one request per hour is still there")
                .isInstanceOf(KeyDecision.Admitted.class);
    }
}
