package dev.llmrelay.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.api.key.KeyDecision;
import org.junit.jupiter.api.Test;

class RelayStoreTest {

    @Test
    void anInMemoryStoreServesAccountsKeysAndUsageAndClosesHarmlessly() {
        MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");
        RelayStore store = RelayStore.inMemory(clock);
        store.accounts().save(TestAccounts.account("a").build());
        store.keys().save(TestKeys.key("alice").build());

        assertThat(store.accounts().acquire(TestAccounts.claudeQuery())).isInstanceOf(AccountSelection.Leased.class);
        assertThat(store.keys().admit(TestKeys.plaintextOf("alice"), TestKeys.claudeRequest()))
                .isInstanceOf(KeyDecision.Admitted.class);
        store.close();
        store.close();
    }
}
