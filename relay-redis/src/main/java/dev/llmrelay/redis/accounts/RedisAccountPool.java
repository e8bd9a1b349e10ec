package dev.llmrelay.redis.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountLease;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountQuery;
import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.core.store.Unavailability;
import dev.llmrelay.core.store.format.AccountRecord;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.core.store.memory.MemoryAccountPool;
import dev.llmrelay.redis.support.LeaseKeeper;
import dev.llmrelay.redis.support.LuaScript;
import dev.llmrelay.redis.support.RedisNames;
import dev.llmrelay.redis.support.Reply;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The account pool of every relay node sharing one Redis.
 *
 * <p>{@link #acquire} is one script run: given the accounts that match the request (platform, model, binding,
 * not paused, not already tried), it skips those limited or at their concurrency, prefers the conversation's
 * account, else the smallest priority then the least recently used, takes a lease, stamps the last use and
 * binds the session, all atomically on Redis. The matching is done on the node, from a cache of the accounts'
 * settings tagged with the pool's version; the script refuses a stale version, and the node then reloads the
 * accounts (one more round trip) and tries again, so an account changed through any node is used as changed
 * by every node at once.
 *
 * <p>Health (limited until when, and why), last use, leases and sessions live only in Redis. Leases expire
 * unless this node's {@link LeaseKeeper} renews them, so a dead node's slots come back by themselves.
 */
public final class RedisAccountPool implements AccountPool {
    private static final Logger log = LoggerFactory.getLogger(RedisAccountPool.class);
    private static final String SOURCE = "an account in Redis";
    private static final int MAX_ATTEMPTS = 4;
    /** What an unauthorized or disabled account is blocked until: no end. */
    private static final long BLOCKED_FOR_GOOD = Long.MAX_VALUE / 2;
    private static final Comparator<Account> LIST_ORDER = Comparator.comparing(Account::id);

    private final UnifiedJedis redis;
    private final RedisNames names;
    private final CredentialCipher cipher;
    private final ObjectMapper json;
    private final Clock clock;
    private final LeaseKeeper leases;
    private final LuaScript acquireScript = LuaScript.named("acquire-account");
    private final LuaScript saveScript = LuaScript.named("save-account");
    private final LuaScript replaceScript = LuaScript.named("replace-credential");
    private final LuaScript statusScript = LuaScript.named("account-status");
    private final LuaScript deleteScript = LuaScript.named("delete-account");
    private final LuaScript readScript = LuaScript.named("read-accounts");
    private final LuaScript updateSettingsScript = LuaScript.named("update-settings");
    private volatile Snapshot cached = new Snapshot("-1", Map.of());

    /** The accounts' settings as of one pool version. */
    private record Snapshot(String version, Map<String, Account> accounts) {
    }

    public RedisAccountPool(UnifiedJedis redis, RedisNames names, CredentialCipher cipher, ObjectMapper json,
                            Clock clock, LeaseKeeper leases) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.names = Objects.requireNonNull(names, "names");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leases = Objects.requireNonNull(leases, "leases");
    }

    @Override
    public AccountSelection acquire(AccountQuery query) {
        Objects.requireNonNull(query, "query");
        Snapshot snapshot = cached;
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            List<Account> candidates = snapshot.accounts().values().stream()
                    .filter(account -> account.schedulable() && query.admits(account))
                    .sorted(LIST_ORDER)
                    .toList();
            String leaseId = UUID.randomUUID().toString();
            Reply reply = Reply.of(acquireScript.run(redis, acquireKeys(query, candidates),
                    acquireArgs(snapshot.version(), query, candidates, now, leaseId)));
            switch (reply.string(0)) {
                case "ok" -> {
                    Account chosen = snapshot.accounts().get(reply.string(1))
                            .withStatus(AccountStatus.ACTIVE).withLastUsedAt(now);
                    var held = new LeaseKeeper.Held(names.accountLeases(chosen.id()), leaseId);
                    leases.hold(held);
                    return new AccountSelection.Leased(new Lease(chosen, held));
                }
                case "none" -> {
                    return Unavailability.of(query, list(), now);
                }
                default -> { // stale: another node changed the accounts
                    if (attempt == MAX_ATTEMPTS) {
                        throw new IllegalStateException("the accounts in Redis kept changing during " + attempt
                                + " attempts to choose one");
                    }
                    snapshot = reload();
                }
            }
        }
    }

    private List<String> acquireKeys(AccountQuery query, List<Account> candidates) {
        List<String> keys = new ArrayList<>(4 + candidates.size());
        keys.add(names.poolVersion());
        keys.add(names.accountBlocked());
        keys.add(names.accountLastUsed());
        keys.add(query.sessionKey().map(names::stickySession).orElse(names.poolVersion()));
        for (Account candidate : candidates) {
            keys.add(names.accountLeases(candidate.id()));
        }
        return keys;
    }

    private List<String> acquireArgs(String version, AccountQuery query, List<Account> candidates, Instant now,
                                     String leaseId) {
        long ttl = MemoryAccountPool.STICKY_SESSION_TTL.toMillis();
        List<String> args = new ArrayList<>(7 + 3 * candidates.size());
        args.add(version);
        args.add(Long.toString(now.toEpochMilli()));
        args.add(leaseId);
        args.add(Long.toString(now.toEpochMilli() + leases.ttl().toMillis()));
        args.add(Long.toString(now.toEpochMilli() + ttl));
        args.add(Long.toString(ttl));
        args.add(query.sessionKey().isPresent() ? "1" : "0");
        for (Account candidate : candidates) {
            args.add(candidate.id());
            args.add(Integer.toString(candidate.priority()));
            args.add(Integer.toString(candidate.maxConcurrency()));
        }
        return args;
    }

    @Override
    public void updateStatus(String accountId, AccountStatus status) {
        Objects.requireNonNull(status, "status");
        statusScript.run(redis, List.of(names.accounts(), names.accountBlocked(), names.accountStatus()),
                List.of(accountId, blockedUntil(status), write(AccountRecord.StatusRecord.of(status))));
    }

    @Override
    public void updateCredential(String accountId, Credential credential) {
        Objects.requireNonNull(credential, "credential");
        Optional<Account> current = find(accountId);
        if (current.isEmpty()) {
            return;
        }
        Account changed = current.get().withCredential(credential);
        replaceScript.run(redis, List.of(names.accounts(), names.poolVersion()),
                List.of(accountId, settingsRecord(changed), newVersion()));
    }

    @Override
    public List<Account> list() {
        return List.copyOf(readAll().values());
    }

    @Override
    public Optional<Account> find(String accountId) {
        return Optional.ofNullable(readAll().get(accountId));
    }

    /** Creates or replaces the account with its status and last use; every node uses it as saved at once. */
    @Override
    public void save(Account account) {
        Objects.requireNonNull(account, "account");
        List<String> args = new ArrayList<>(List.of(account.id(), settingsRecord(account)));
        args.addAll(stateArgs(account));
        args.addAll(List.of("0", newVersion()));
        saveScript.run(redis, accountKeys(), args);
    }

    /** Compare and set on the stored record: a credential refreshed meanwhile is read again and kept. */
    @Override
    public boolean updateSettings(Account account) {
        Objects.requireNonNull(account, "account");
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String stored = redis.hget(names.accounts(), account.id());
            if (stored == null) {
                return false;
            }
            Account changed = account.withCredential(read(stored).credential());
            List<String> args = new ArrayList<>(List.of(account.id(), stored, settingsRecord(changed)));
            args.addAll(stateArgs(changed));
            args.add(newVersion());
            Object outcome = updateSettingsScript.run(redis, accountKeys(), args);
            switch (String.valueOf(outcome)) {
                case "ok" -> {
                    return true;
                }
                case "gone" -> {
                    return false;
                }
                default -> { // changed meanwhile: read again
                }
            }
        }
        throw new IllegalStateException("account " + account.id() + " kept changing in Redis during "
                + MAX_ATTEMPTS + " attempts to change its settings");
    }

    @Override
    public boolean delete(String accountId) {
        Object existed = deleteScript.run(redis, List.of(names.accounts(), names.poolVersion(),
                names.accountBlocked(), names.accountStatus(), names.accountLastUsed(),
                names.accountLeases(accountId)), List.of(accountId, newVersion()));
        return existed instanceof Number n && n.longValue() == 1;
    }

    @Override
    public int inFlight(String accountId) {
        return (int) redis.zcount(names.accountLeases(accountId), "(" + clock.millis(), "+inf");
    }

    /** Every account as Redis holds it now, with health and last use, refreshing this node's cache. */
    private Map<String, Account> readAll() {
        Reply reply = Reply.of(readScript.run(redis, List.of(names.poolVersion(), names.accounts(),
                names.accountStatus(), names.accountLastUsed()), List.of()));
        String version = reply.string(0);
        Map<String, String> records = reply.pairs(1);
        Map<String, String> statuses = reply.pairs(2);
        Map<String, String> lastUsed = reply.pairs(3);
        Map<String, Account> settings = new LinkedHashMap<>();
        Map<String, Account> complete = new LinkedHashMap<>();
        records.forEach((id, record) -> {
            Account account = read(record);
            settings.put(id, account);
            AccountStatus status = Optional.ofNullable(statuses.get(id))
                    .map(text -> readStatus(text)).orElse(AccountStatus.ACTIVE);
            Optional<Instant> used = Optional.ofNullable(lastUsed.get(id)).map(ms -> Instant.ofEpochMilli(Long.parseLong(ms)));
            Account withState = account.withStatus(status);
            complete.put(id, used.isPresent() ? withState.withLastUsedAt(used.get()) : withState);
        });
        cached = new Snapshot(version, Map.copyOf(settings));
        return complete;
    }

    private Snapshot reload() {
        readAll();
        return cached;
    }

    /** The pool's keys a whole-account write touches: records, version, health, status, last use. */
    private List<String> accountKeys() {
        return List.of(names.accounts(), names.poolVersion(), names.accountBlocked(), names.accountStatus(),
                names.accountLastUsed());
    }

    /** The stored record of an account's settings, secrets encrypted. */
    private String settingsRecord(Account account) {
        return write(AccountRecord.of(settingsOnly(account), cipher));
    }

    /** An account's health and last use as the write scripts take them: blocked until, status, last use. */
    private List<String> stateArgs(Account account) {
        return List.of(blockedUntil(account.status()), write(AccountRecord.StatusRecord.of(account.status())),
                account.lastUsedAt().map(at -> Long.toString(at.toEpochMilli())).orElse(""));
    }

    /** A version no Redis has seen: a Redis that lost its data never shows a version this node cached. */
    private static String newVersion() {
        return UUID.randomUUID().toString();
    }

    /** The account as its settings are stored: health and last use are kept apart. */
    private static Account settingsOnly(Account account) {
        return new Account(account.id(), account.name(), account.platform(), account.credential(),
                account.baseUrl(), account.proxy(), account.priority(), account.maxConcurrency(), account.groups(),
                account.models(), account.modelMapping(), account.schedulable(), AccountStatus.ACTIVE,
                account.createdAt(), Optional.empty());
    }

    private static String blockedUntil(AccountStatus status) {
        return switch (status.state()) {
            case ACTIVE -> "";
            case RATE_LIMITED, OVERLOADED -> status.until().map(until -> Long.toString(until.toEpochMilli()))
                    .orElse(Long.toString(BLOCKED_FOR_GOOD));
            case UNAUTHORIZED, DISABLED -> Long.toString(BLOCKED_FOR_GOOD);
        };
    }

    private String write(Object record) {
        try {
            return json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an account record", e);
        }
    }

    private Account read(String record) {
        try {
            return json.readValue(record, AccountRecord.class).toAccount(cipher, SOURCE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + SOURCE + ": " + e.getOriginalMessage());
        }
    }

    private AccountStatus readStatus(String record) {
        try {
            return json.readValue(record, AccountRecord.StatusRecord.class).toStatus(SOURCE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read an account status in Redis: " + e.getOriginalMessage());
        }
    }

    /** One slot of one account, given back once. */
    private final class Lease implements AccountLease {
        private final Account account;
        private final LeaseKeeper.Held held;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(Account account, LeaseKeeper.Held held) {
            this.account = account;
            this.held = held;
        }

        @Override
        public Account account() {
            return account;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                leases.forget(held);
                try {
                    redis.zrem(held.set(), held.member());
                } catch (RuntimeException e) {
                    log.warn("Cannot give back a slot of account {} ({}); it frees when its lease expires in {} s",
                            account.id(), e.getMessage(), leases.ttl().toSeconds());
                }
            }
        }
    }
}
