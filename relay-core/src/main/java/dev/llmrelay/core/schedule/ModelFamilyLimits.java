package dev.llmrelay.core.schedule;

import dev.llmrelay.core.answer.LimitedFamily;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Accounts rate-limited for one family of models only (a Claude subscription's weekly Opus limit): skipped for
 * that family's models until the limit ends, and used for every other model meanwhile. Parking the whole account
 * instead would take a subscription's Sonnet away for days because its Opus week is spent.
 *
 * <p>Kept by each relay node, as the circuits are: another node learns of the limit from its own first 429.
 */
final class ModelFamilyLimits {
    private record Limit(String accountId, String family) {
    }

    private final ConcurrentMap<Limit, Instant> limits = new ConcurrentHashMap<>();

    /** {@code accountId} serves no model of {@code family} until {@code until}. */
    void limit(String accountId, String family, Instant until) {
        limits.merge(new Limit(accountId, family), until, (old, fresh) -> fresh.isAfter(old) ? fresh : old);
    }

    /** The accounts limited for {@code model}'s family at {@code now}, each with when its limit ends. */
    Map<String, Instant> limitedFor(String model, Instant now) {
        if (limits.isEmpty()) {
            return Map.of();
        }
        Map<String, Instant> limited = new HashMap<>();
        limits.forEach((limit, until) -> {
            if (!now.isBefore(until)) {
                limits.remove(limit, until);
            } else if (LimitedFamily.includes(limit.family(), model)) {
                limited.merge(limit.accountId(), until, (a, b) -> a.isAfter(b) ? a : b);
            }
        });
        return limited;
    }
}
