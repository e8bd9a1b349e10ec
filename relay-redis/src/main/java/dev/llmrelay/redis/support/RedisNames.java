package dev.llmrelay.redis.support;

import java.time.Instant;
import java.util.Objects;

/**
 * The names of every Redis key the relay writes, under one prefix. Keys that one script touches together share
 * a hash tag (the part in braces), so that on Redis Cluster they live in one slot: the whole account pool in
 * one, each relay key's counters in their own, the key index in one, each hour of usage in its own, each OAuth
 * sign-in under way in its own.
 */
public final class RedisNames {
    private final String prefix;

    /** Names under {@code prefix} (e.g. {@code relay}); several relays may share a Redis under different prefixes. */
    public RedisNames(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException("a Redis key prefix is non-empty and has no braces");
        }
        this.prefix = prefix;
    }

    // ---- the account pool: one slot

    private String pool(String part) {
        return "{" + prefix + ":pool}:" + part;
    }

    public String poolVersion() {
        return pool("version");
    }

    public String accounts() {
        return pool("accounts");
    }

    public String accountBlocked() {
        return pool("blocked");
    }

    public String accountStatus() {
        return pool("status");
    }

    public String accountLastUsed() {
        return pool("last-used");
    }

    public String accountLeases(String accountId) {
        return pool("leases:" + accountId);
    }

    /** The lock one node holds while it refreshes the account's OAuth tokens. */
    public String refreshLock(String accountId) {
        return pool("refresh-lock:" + accountId);
    }

    public String stickySession(String sessionKey) {
        return pool("session:" + sessionKey);
    }

    // ---- OAuth sign-ins under way: each in a slot of its own

    /** An OAuth sign-in session between the admin API's start and finish; it expires with the session. */
    public String onboardingSession(String sessionId) {
        return "{" + prefix + ":sign-in:" + sessionId + "}";
    }

    // ---- relay keys: an index in one slot, each key's record and counters in a slot of its own

    public String keyIndex() {
        return "{" + prefix + ":keys}:by-hash";
    }

    private String key(String keyId, String part) {
        return "{" + prefix + ":key:" + keyId + "}:" + part;
    }

    public String keyRecord(String keyId) {
        return key(keyId, "record");
    }

    public String keyState(String keyId) {
        return key(keyId, "state");
    }

    public String keyLeases(String keyId) {
        return key(keyId, "leases");
    }

    public String keyAdmissions(String keyId) {
        return key(keyId, "admissions");
    }

    public String keyTokens(String keyId) {
        return key(keyId, "tokens");
    }

    public String keySpend(String keyId) {
        return key(keyId, "spend");
    }

    // ---- usage: each hour in a slot of its own, and the list of hours

    public String usageHour(Instant hour) {
        return "{" + prefix + ":usage:" + hour.getEpochSecond() + "}";
    }

    public String usageHours() {
        return "{" + prefix + ":usage}:hours";
    }
}
