package dev.llmrelay.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.route.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Answers {@code GET /v1/models} itself: the models the key may use on the accounts that may serve it
 * (their model lists and mapped names, or the platform's known models for accounts that list none).
 * Every other operation proceeds.
 */
public final class ModelListInterceptor implements RelayInterceptor {
    /** Claude models offered for accounts that list none of their own. */
    static final List<String> KNOWN_CLAUDE_MODELS = List.of(
            "claude-opus-4-8", "claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5");

    private final AccountPool pool;
    private final ObjectMapper json;

    public ModelListInterceptor(AccountPool pool, ObjectMapper json) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.json = Objects.requireNonNull(json, "json");
    }

    record ModelInfo(String type, String id, String display_name, String created_at) {
    }

    record ModelList(List<ModelInfo> data, boolean has_more, String first_id, String last_id) {
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        if (call.route().operation() != Operation.LIST_MODELS) {
            return chain.proceed(call);
        }
        RelayKey key = call.requireKey().key();
        var ids = new TreeSet<String>();
        for (Account account : pool.list()) {
            if (!call.route().platforms().contains(account.platform())
                    || !key.boundAccountId().map(account.id()::equals).orElse(true)
                    || !key.boundGroup().map(account.groups()::contains).orElse(true)) {
                continue;
            }
            if (account.models().isEmpty() && account.modelMapping().isEmpty()) {
                ids.addAll(KNOWN_CLAUDE_MODELS);
            }
            ids.addAll(account.models());
            ids.addAll(account.modelMapping().keySet());
        }
        ids.removeIf(id -> !key.allowsModel(id));
        List<ModelInfo> models = ids.stream()
                .map(id -> new ModelInfo("model", id, id, "2025-01-01T00:00:00Z"))
                .toList();
        var list = new ModelList(models, false,
                models.isEmpty() ? null : models.getFirst().id(), models.isEmpty() ? null : models.getLast().id());
        try {
            call.response().send(200, Headers.of("Content-Type", "application/json"), body(list));
        } catch (IOException clientGone) {
            // Nothing to undo: the listing cost nothing.
        }
        return new RelayOutcome.Answered(200, Optional.empty(), "", TokenUsage.ZERO,
                Optional.of(Duration.ofNanos(System.nanoTime() - call.startNanos())), true);
    }

    private byte[] body(ModelList list) {
        try {
            return json.writeValueAsBytes(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model list is plain records and always serialises", e);
        }
    }
}
