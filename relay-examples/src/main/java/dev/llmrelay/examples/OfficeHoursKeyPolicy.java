package dev.llmrelay.examples;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.key.RelayKey;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A key policy of your own, wrapped around the store's: keys work on weekdays from 08:00 to 20:00 in the
 * team's time zone, and every other rule (limits, models, clients) is the store's. Build the relay with it in
 * place of {@code store.keys()}.
 *
 * <p>The wrapper checks its rule first and refuses without asking the store, so a refused request takes none
 * of the key's limits; an admitted one goes on to the store's single check-and-take.
 */
public final class OfficeHoursKeyPolicy implements KeyPolicy {
    private static final LocalTime OPENS = LocalTime.of(8, 0);
    private static final LocalTime CLOSES = LocalTime.of(20, 0);

    private final KeyPolicy store;
    private final ZoneId zone;
    private final Clock clock;

    public OfficeHoursKeyPolicy(KeyPolicy store, ZoneId zone, Clock clock) {
        this.store = store;
        this.zone = zone;
        this.clock = clock;
    }

    @Override
    public KeyDecision admit(Secret presentedKey, AccessRequest request) {
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone);
        boolean weekday = now.getDayOfWeek() != DayOfWeek.SATURDAY && now.getDayOfWeek() != DayOfWeek.SUNDAY;
        LocalTime time = now.toLocalTime();
        if (weekday && !time.isBefore(OPENS) && time.isBefore(CLOSES)) {
            return store.admit(presentedKey, request);
        }
        return new KeyDecision.Rejected(RelayError.retryable(ErrorKind.PERMISSION,
                "relay keys work on weekdays from 08:00 to 20:00 (" + zone + ")", untilOpen(now)));
    }

    private static Duration untilOpen(ZonedDateTime now) {
        ZonedDateTime next = now.toLocalTime().isBefore(OPENS) ? now.with(OPENS) : now.plusDays(1).with(OPENS);
        while (next.getDayOfWeek() == DayOfWeek.SATURDAY || next.getDayOfWeek() == DayOfWeek.SUNDAY) {
            next = next.plusDays(1);
        }
        return Duration.between(now, next);
    }

    @Override
    public Optional<RelayKey> identify(Secret presentedKey) {
        return store.identify(presentedKey);
    }

    @Override
    public Optional<KeyStanding> standing(String keyId) {
        return store.standing(keyId);
    }

    @Override
    public List<RelayKey> list() {
        return store.list();
    }

    @Override
    public Optional<RelayKey> find(String keyId) {
        return store.find(keyId);
    }

    @Override
    public void save(RelayKey key) {
        store.save(key);
    }

    @Override
    public boolean delete(String keyId) {
        return store.delete(keyId);
    }
}
