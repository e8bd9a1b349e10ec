package dev.llmrelay.core.store.contract;

import static dev.llmrelay.core.store.TestAccounts.account;
import static dev.llmrelay.core.store.TestKeys.claudeRequest;
import static dev.llmrelay.core.store.TestKeys.key;
import static dev.llmrelay.core.store.TestKeys.plaintextOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageDimension;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageRecord;
import dev.llmrelay.api.usage.UsageTotal;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.StoreContents;
import dev.llmrelay.core.store.TestUsage;
import dev.llmrelay.core.store.format.ExportDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store does with its contents: it hands out all it holds and takes in another store's, so that a
 * relay moves from one store to another (the embedded store of one node to the Redis of many) losing no
 * account, key or usage, and with every key's spend still counting against its budgets.
 */
public abstract class StoreContentsContract {
    protected final MutableClock clock = MutableClock.at("2026-11-25T14:00:00Z"); // a Wednesday
    private final List<RelayStore> opened = new ArrayList<>();
    private RelayStore source;

    /** Opens an empty store of the kind under test, on this clock; each call gives a store of its own. */
    protected abstract RelayStore openStore(MutableClock clock);

    @BeforeEach
    public void fillASourceStore() {
        source = open();
        source.accounts().save(account("acct-1").build());
        source.accounts().save(account("acct-2")
                .credential(new Credential.OAuthTokens(Secret.of("access-2"), Optional.of(Secret.of("refresh-2")),
                        Optional.of(Instant.parse("2026-12-01T00:00:00Z"))))
                .priority(10).build());
        source.accounts().updateStatus("acct-2", AccountStatus.of(AccountState.RATE_LIMITED, "429 from upstream",
                Instant.parse("2026-11-25T15:00:00Z")));
        source.keys().save(key("alice").limits(new KeyLimits(OptionalInt.empty(), OptionalLong.empty(),
                OptionalLong.empty(), OptionalDouble.of(1.0), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalInt.empty())).build());
        source.keys().save(key("bob").build());
        try (KeyLease lease = admitted(source.keys().admit(plaintextOf("alice"), claudeRequest()))) {
            lease.settle(TokenUsage.of(100, 50, 0, 0), 1.0);
        }
        source.usage().record(usage("alice", "acct-1", 1.0));
        source.usage().record(usage("bob", "acct-2", 0.25));
    }

    @AfterEach
    public void closeTheStores() {
        opened.forEach(RelayStore::close);
    }

    @Test
    public void contentsHoldEveryAccountKeyAndHourOfUsage() {
        StoreContents contents = source.contents();

        assertThat(contents.accounts()).extracting(Account::id).containsExactlyInAnyOrder("acct-1", "acct-2");
        assertThat(contents.keys()).extracting(RelayKey::id).containsExactlyInAnyOrder("alice", "bob");
        assertThat(contents.usage()).hasSize(2);
        assertThat(contents.usage().stream().mapToDouble(hour -> hour.costUsd()).sum()).isEqualTo(1.25);
    }

    @Test
    public void anotherStoreTakesTheContentsInWhole() {
        RelayStore target = open();

        target.load(source.contents());

        assertSameContents(target);
    }

    @Test
    public void anExportDocumentCarriesTheContentsWithSecretsStillEncrypted() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ExportDocument exported = ExportDocument.of(source.contents(), source.cipher(), clock.instant());
        String text = json.writeValueAsString(exported);

        assertThat(text).doesNotContain("access-2", "refresh-2", "sk-ant-", plaintextOf("alice").reveal())
                .contains(KeyHash.of(plaintextOf("alice").reveal()).hex());
        RelayStore target = open();
        target.load(json.readValue(text, ExportDocument.class).toContents(source.cipher()));
        assertSameContents(target);
    }

    @Test
    public void importedSpendCountsAgainstTheKeysBudgets() {
        RelayStore target = open();
        target.load(source.contents());

        // alice spent her $1.00 for today in the source store.
        assertThat(target.keys().standing("alice").orElseThrow().costTodayUsd()).isEqualTo(1.0);
        KeyDecision decision = target.keys().admit(plaintextOf("alice"), claudeRequest());
        assertThat(decision).isInstanceOfSatisfying(KeyDecision.Rejected.class,
                rejected -> assertThat(rejected.error().kind()).isEqualTo(ErrorKind.RATE_LIMITED));
        admitted(target.keys().admit(plaintextOf("bob"), claudeRequest())).close();
    }

    @Test
    public void aKeyWhoseHashBelongsToAnotherKeyIsRefused() {
        RelayStore target = open();
        RelayKey impostor = new RelayKey("mallory", "mallory", KeyHash.of(plaintextOf("alice").reveal()), true,
                java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE, clock.instant(),
                Optional.empty(), Optional.empty());
        target.keys().save(impostor);

        assertThatThrownBy(() -> target.load(source.contents())).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertSameContents(RelayStore target) {
        Comparator<Account> byId = Comparator.comparing(Account::id);
        assertThat(target.accounts().list().stream().sorted(byId).toList())
                .isEqualTo(source.accounts().list().stream().sorted(byId).toList());
        Comparator<RelayKey> keyById = Comparator.comparing(RelayKey::id);
        assertThat(target.keys().list().stream().sorted(keyById).toList())
                .isEqualTo(source.keys().list().stream().sorted(keyById).toList());
        admitted(target.keys().admit(plaintextOf("bob"), claudeRequest())).close();
        UsageQuery byKey = new UsageQuery(UsageDimension.KEY, Granularity.DAY, clock.instant().minus(Duration.ofDays(1)),
                clock.instant().plus(Duration.ofDays(1)), Optional.empty());
        List<UsageTotal> expected = source.usage().totals(byKey);
        assertThat(target.usage().totals(byKey)).isEqualTo(expected);
        assertThat(expected).hasSize(2);
    }

    private RelayStore open() {
        RelayStore store = openStore(clock);
        opened.add(store);
        return store;
    }

    private UsageRecord usage(String keyId, String accountId, double costUsd) {
        UsageRecord base = TestUsage.record(clock.instant(), keyId, Optional.of(accountId), "claude-sonnet-4-5");
        return new UsageRecord(base.at(), base.keyId(), base.accountId(), base.platform(), base.model(), base.tokens(),
                costUsd, base.status(), base.stream(), base.latency(), base.timeToFirstByte());
    }

    private static KeyLease admitted(KeyDecision decision) {
        assertThat(decision).isInstanceOf(KeyDecision.Admitted.class);
        return ((KeyDecision.Admitted) decision).lease();
    }
}
