package dev.llmrelay.host.observe;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many accounts are in each state ({@code relay_accounts{state="active"}}, ...), read from the pool when
 * {@link #refresh()} is called: once per scrape, so a store of many relay nodes is asked once, not per state.
 */
public final class AccountStates {
    private final AccountPool pool;
    private final Clock clock;
    private final MultiGauge gauge;

    public AccountStates(AccountPool pool, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.clock = clock;
        this.gauge = MultiGauge.builder("relay.accounts")
                .description("Accounts by state, an expired cooldown counted as active; paused ones included")
                .register(registry);
    }

    /** Counts the accounts by state now. */
    public void refresh() {
        Instant now = clock.instant();
        Map<AccountState, Integer> counts = new EnumMap<>(AccountState.class);
        for (AccountState state : AccountState.values()) {
            counts.put(state, 0);
        }
        for (Account account : pool.list()) {
            counts.merge(account.status().asOf(now).state(), 1, Integer::sum);
        }
        var rows = new ArrayList<MultiGauge.Row<?>>();
        counts.forEach((state, count) -> rows.add(MultiGauge.Row.of(Tags.of("state", state.wireName()), count)));
        gauge.register(rows, true);
    }
}
