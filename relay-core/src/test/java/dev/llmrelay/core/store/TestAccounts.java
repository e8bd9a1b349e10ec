package dev.llmrelay.core.store;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountQuery;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Accounts and queries for store tests, with defaults a test overrides only where it matters. */
public final class TestAccounts {
    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final String id;
    private Platform platform = Platform.CLAUDE;
    private Credential credential;
    private Optional<Secret> proxy = Optional.empty();
    private int priority = Account.DEFAULT_PRIORITY;
    private int maxConcurrency;
    private Set<String> groups = Set.of();
    private Set<String> models = Set.of();
    private Map<String, String> modelMapping = Map.of();
    private boolean schedulable = true;
    private AccountStatus status = AccountStatus.ACTIVE;
    private Optional<Instant> lastUsedAt = Optional.empty();

    private TestAccounts(String id) {
        this.id = id;
        this.credential = new Credential.ApiKey(Secret.of("sk-ant-api-key-of-" + id));
    }

    public static TestAccounts account(String id) {
        return new TestAccounts(id);
    }

    /** A query for a Claude model, no binding, no session. */
    public static AccountQuery claudeQuery() {
        return query("claude-sonnet-4-5", Optional.empty());
    }

    public static AccountQuery query(String model, Optional<String> sessionKey) {
        return new AccountQuery(Set.of(Platform.CLAUDE), model, Optional.empty(), Optional.empty(), sessionKey,
                Set.of());
    }

    public TestAccounts platform(Platform value) {
        platform = value;
        return this;
    }

    public TestAccounts credential(Credential value) {
        credential = value;
        return this;
    }

    public TestAccounts proxy(String value) {
        proxy = Optional.of(Secret.of(value));
        return this;
    }

    public TestAccounts priority(int value) {
        priority = value;
        return this;
    }

    public TestAccounts maxConcurrency(int value) {
        maxConcurrency = value;
        return this;
    }

    public TestAccounts groups(String... values) {
        groups = Set.of(values);
        return this;
    }

    public TestAccounts models(String... values) {
        models = Set.of(values);
        return this;
    }

    public TestAccounts modelMapping(Map<String, String> value) {
        modelMapping = value;
        return this;
    }

    public TestAccounts schedulable(boolean value) {
        schedulable = value;
        return this;
    }

    public TestAccounts status(AccountStatus value) {
        status = value;
        return this;
    }

    public TestAccounts lastUsedAt(Instant value) {
        lastUsedAt = Optional.of(value);
        return this;
    }

    public Account build() {
        return new Account(id, "account " + id, platform, credential, "https://api.anthropic.com", proxy, priority,
                maxConcurrency, groups, models, modelMapping, schedulable, status, CREATED, lastUsedAt);
    }
}
