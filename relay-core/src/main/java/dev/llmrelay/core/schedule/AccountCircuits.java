package dev.llmrelay.core.schedule;

import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.core.chain.RelayOutcome.UpstreamFailed;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A circuit breaker per account, kept by this relay node: server errors and failed connections in a row
 * open it (the account is parked), a success closes it. A parked account is tried again when its cooldown
 * ends (half-open); failing again reopens it with a doubled cooldown. Rate limits, overloads and rejected
 * credentials park an account at once and do not go through the circuit.
 */
public final class AccountCircuits {
    private final AccountHealthRules rules;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    public AccountCircuits(AccountHealthRules rules) {
        this.rules = rules;
    }

    /** The account's new status after {@code failure}, or empty when it stays as it is for now. */
    public Optional<AccountStatus> failed(String accountId, UpstreamFailed failure, Instant now) {
        if (!rules.feedsCircuit(failure)) {
            return Optional.of(rules.statusAfter(failure, now));
        }
        Circuit circuit = circuits.compute(accountId, (id, current) -> (current == null ? Circuit.CLOSED : current).failed(rules));
        if (circuit.openings() == 0) {
            return Optional.empty();
        }
        return Optional.of(rules.circuitOpened(failure, circuit.openings(), now));
    }

    /** The account answered: its circuit closes. */
    public void succeeded(String accountId) {
        circuits.remove(accountId);
    }

    /**
     * One account's circuit: failures since the last success or opening, and how many times in a row it
     * opened (0 while closed).
     */
    private record Circuit(int failures, int openings) {
        static final Circuit CLOSED = new Circuit(0, 0);

        Circuit failed(AccountHealthRules rules) {
            if (openings > 0) {
                return new Circuit(0, openings + 1);
            }
            int now = failures + 1;
            return now >= rules.circuitThreshold() ? new Circuit(0, 1) : new Circuit(now, 0);
        }
    }
}
