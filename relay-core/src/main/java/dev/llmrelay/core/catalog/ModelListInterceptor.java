package dev.llmrelay.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountQuery;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.route.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers {@code GET …/models} itself, in the client protocol's own shape: the models the key may use on the
 * accounts that may serve it (their model lists and mapped names, or the platform's known models for
 * accounts that list none). Every other operation proceeds.
 */
public final class ModelListInterceptor implements RelayInterceptor {
    private static final String CREATED_AT = "2025-01-01T00:00:00Z";

    private final AccountPool pool;
    private final ObjectMapper json;

    public ModelListInterceptor(AccountPool pool, ObjectMapper json) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.json = Objects.requireNonNull(json, "json");
    }

    record AnthropicModel(String type, String id, String display_name, String created_at) {
    }

    record AnthropicList(List<AnthropicModel> data, boolean has_more, String first_id, String last_id) {
    }

    record OpenAiModel(String id, String object, long created, String owned_by) {
    }

    record OpenAiList(String object, List<OpenAiModel> data) {
    }

    record GeminiModel(String name, String displayName, List<String> supportedGenerationMethods) {
    }

    record GeminiList(List<GeminiModel> models) {
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        if (call.route().operation() != Operation.LIST_MODELS) {
            return chain.proceed(call);
        }
        List<String> ids = modelsFor(call);
        try {
            call.response().send(200, Headers.of("Content-Type", "application/json"),
                    body(call.route().clientProtocol(), ids));
        } catch (IOException clientGone) {
            // Nothing to undo: the listing cost nothing.
        }
        return new RelayOutcome.Answered(200, Optional.empty(), "", TokenUsage.ZERO,
                Optional.of(Duration.ofNanos(System.nanoTime() - call.startNanos())), true);
    }

    private List<String> modelsFor(RelayCall call) {
        RelayKey key = call.requireKey().key();
        Protocol protocol = call.route().clientProtocol();
        // A query naming no model admits every account of the route's platforms within the key's binding.
        var reachable = new AccountQuery(call.route().platforms(), "", key.boundAccountId(), key.boundGroup(),
                Optional.empty(), Set.of());
        var ids = new TreeSet<String>();
        for (Account account : pool.list()) {
            if (!reachable.admits(account)) {
                continue;
            }
            if (account.models().isEmpty() && account.modelMapping().isEmpty()) {
                ids.addAll(KnownModels.of(account.platform(), protocol));
            }
            ids.addAll(account.models());
            ids.addAll(account.modelMapping().keySet());
        }
        ids.removeIf(id -> !key.allowsModel(id));
        return List.copyOf(ids);
    }

    private byte[] body(Protocol protocol, List<String> ids) {
        Object list = switch (protocol) {
            case ANTHROPIC_MESSAGES -> new AnthropicList(
                    ids.stream().map(id -> new AnthropicModel("model", id, id, CREATED_AT)).toList(), false,
                    ids.isEmpty() ? null : ids.getFirst(), ids.isEmpty() ? null : ids.getLast());
            case OPENAI_CHAT, OPENAI_RESPONSES -> new OpenAiList("list",
                    ids.stream().map(id -> new OpenAiModel(id, "model", 0, "relay")).toList());
            case GEMINI, GEMINI_CODE_ASSIST -> new GeminiList(ids.stream().map(id -> new GeminiModel("models/" + id, id,
                    List.of("generateContent", "streamGenerateContent", "countTokens"))).toList());
        };
        try {
            return json.writeValueAsBytes(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model list is plain records and always serialises", e);
        }
    }
}
