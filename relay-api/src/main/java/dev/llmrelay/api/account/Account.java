package dev.llmrelay.api.account;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.protocol.Protocol;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An upstream account in the pool: where it sends requests, what it presents there, which models it serves
 * and how the scheduler treats it.
 *
 * @param id the relay's identifier, stable for the account's life
 * @param baseUrl the provider base URL as its own SDK takes it ({@code https://api.anthropic.com})
 * @param proxy an outbound proxy URL ({@code http://} or {@code socks5://}); secret because it may hold a password
 * @param priority smaller is served first
 * @param maxConcurrency requests in flight at most; 0 means unlimited
 * @param models the models served; empty means every model of the platform
 * @param modelMapping client model name to the name sent upstream
 * @param schedulable false pauses the account without deleting it
 */
public record Account(
        String id,
        String name,
        Platform platform,
        Credential credential,
        String baseUrl,
        Optional<Secret> proxy,
        int priority,
        int maxConcurrency,
        Set<String> groups,
        Set<String> models,
        Map<String, String> modelMapping,
        boolean schedulable,
        AccountStatus status,
        Instant createdAt,
        Optional<Instant> lastUsedAt) {

    /** The priority of an account that sets none. */
    public static final int DEFAULT_PRIORITY = 50;

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        if (maxConcurrency < 0) {
            throw new IllegalArgumentException("maxConcurrency must be 0 (unlimited) or more");
        }
        groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
        models = Collections.unmodifiableSet(new LinkedHashSet<>(models));
        modelMapping = Collections.unmodifiableMap(new LinkedHashMap<>(modelMapping));
    }

    /**
     * Whether this account may serve {@code model}, by its model list and mapping or its platform's names. A
     * request that names no model (Code Assist's set-up calls) may go to any account.
     */
    public boolean serves(String model) {
        if (model.isEmpty()) {
            return true;
        }
        if (modelMapping.containsKey(model) || models.contains(model)) {
            return true;
        }
        if (!models.isEmpty() || !modelMapping.isEmpty()) {
            return false;
        }
        return ModelFamilies.belongsTo(platform, model);
    }

    /**
     * The wire protocols this account's upstream speaks: Droid serves Anthropic and OpenAI protocols, a
     * ChatGPT (OAuth) account only Responses, a Gemini OAuth account Code Assist.
     */
    public Set<Protocol> protocols() {
        boolean oauth = credential.kind() == CredentialKind.OAUTH;
        return switch (platform) {
            case CLAUDE -> Set.of(Protocol.ANTHROPIC_MESSAGES);
            case DROID -> Set.of(Protocol.ANTHROPIC_MESSAGES, Protocol.OPENAI_CHAT, Protocol.OPENAI_RESPONSES);
            case OPENAI -> oauth ? Set.of(Protocol.OPENAI_RESPONSES) : Set.of(Protocol.OPENAI_CHAT, Protocol.OPENAI_RESPONSES);
            case OPENAI_COMPATIBLE -> Set.of(Protocol.OPENAI_CHAT);
            case GEMINI -> oauth ? Set.of(Protocol.GEMINI_CODE_ASSIST) : Set.of(Protocol.GEMINI);
        };
    }

    /** Whether this is a Claude Pro/Max subscription (OAuth) account, whose tokens serve Claude Code only. */
    public boolean isClaudeSubscription() {
        return platform == Platform.CLAUDE && credential.kind() == CredentialKind.OAUTH;
    }

    /** The model name to send upstream for the client's {@code model}. */
    public String upstreamModel(String model) {
        return modelMapping.getOrDefault(model, model);
    }

    public Account withStatus(AccountStatus newStatus) {
        return new Account(id, name, platform, credential, baseUrl, proxy, priority, maxConcurrency, groups,
                models, modelMapping, schedulable, newStatus, createdAt, lastUsedAt);
    }

    public Account withLastUsedAt(Instant when) {
        return new Account(id, name, platform, credential, baseUrl, proxy, priority, maxConcurrency, groups,
                models, modelMapping, schedulable, status, createdAt, Optional.of(when));
    }

    public Account withCredential(Credential newCredential) {
        return new Account(id, name, platform, newCredential, baseUrl, proxy, priority, maxConcurrency, groups,
                models, modelMapping, schedulable, status, createdAt, lastUsedAt);
    }
}
