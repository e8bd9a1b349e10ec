package dev.llmrelay.core.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Answers Gemini CLI's Code Assist set-up calls itself when the key can reach no Code Assist account (a Gemini
 * account signed in with Google) that could take them now, so that Gemini CLI with Google login starts on a pool of
 * other accounts, whose prompts reach them through translation. {@code loadCodeAssist} names a current tier and the
 * relay's project ({@value #RELAY_PROJECT}), {@code onboardUser} a finished onboarding into it; experiments, quota,
 * admin controls and metrics get empty, harmless answers. When a Code Assist account is there and available, every
 * call proceeds to it unchanged; every other call proceeds.
 */
public final class CodeAssistSetupInterceptor implements RelayInterceptor {
    /** The Cloud project the relay names when it answers for Code Assist; translated prompts drop it again. */
    public static final String RELAY_PROJECT = "llm-relay";

    /** The set-up calls Gemini CLI makes before (and beside) its prompts, which the relay can answer. */
    public static final Set<String> SETUP_METHODS = Set.of("loadCodeAssist", "onboardUser", "listExperiments",
            "retrieveUserQuota", "fetchAdminControls", "recordCodeAssistMetrics");

    private static final String TIER_ID = "standard-tier";
    private static final String TIER_NAME = "LLM Relay";

    private final AccountPool pool;
    private final ObjectMapper json;
    private final Clock clock;

    public CodeAssistSetupInterceptor(AccountPool pool, ObjectMapper json, Clock clock) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A Code Assist user tier, as {@code loadCodeAssist} names them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Tier(String id, String name, String description, Boolean userDefinedCloudaicompanionProject,
                Boolean isDefault) {
    }

    /** {@code loadCodeAssist}: the user is on a tier already, in the relay's project; no onboarding needed. */
    record LoadCodeAssist(Tier currentTier, List<Tier> allowedTiers, String cloudaicompanionProject) {
    }

    record Project(String id, String name) {
    }

    record OnboardUserResponse(@JsonProperty("@type") String type, Project cloudaicompanionProject) {
    }

    /** {@code onboardUser}: a long-running operation that is done at once. */
    record OnboardingOperation(String name, boolean done, OnboardUserResponse response) {
    }

    /** {@code listExperiments}: no experiment, no flag (the client's defaults hold). */
    record Experiments(List<String> experimentIds, List<Flag> flags) {
    }

    record Flag(String flagId) {
    }

    /** {@code retrieveUserQuota}: no quota buckets to report (the relay's own limits answer with 429s). */
    record Quota(List<Bucket> buckets) {
    }

    record Bucket(String modelId, double remainingFraction) {
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        if (call.route().operation() != Operation.CODE_ASSIST
                || !call.parameters().method().map(SETUP_METHODS::contains).orElse(false)
                || aCodeAssistAccountCanServe(call)) {
            return chain.proceed(call);
        }
        try {
            call.response().send(200, Headers.of("Content-Type", "application/json"),
                    answer(call.parameters().method().orElseThrow()));
        } catch (IOException clientGone) {
            // Nothing to undo: the answer cost nothing.
        }
        return new RelayOutcome.Answered(200, Optional.empty(), "", TokenUsage.ZERO,
                Optional.of(Duration.ofNanos(System.nanoTime() - call.startNanos())), true);
    }

    /**
     * Whether the key reaches a Code Assist account that could take the call now: not paused, not parked by its
     * status. One only at its concurrency counts (it frees in moments, and the pool makes the call wait or fail).
     */
    private boolean aCodeAssistAccountCanServe(RelayCall call) {
        RelayKey key = call.requireKey().key();
        var codeAssist = new AccountQuery(Set.of(Platform.GEMINI), Set.of(Protocol.GEMINI_CODE_ASSIST), "",
                key.boundAccountId(), key.boundGroup(), Optional.empty(), Set.of());
        Instant now = clock.instant();
        for (Account account : pool.list()) {
            if (codeAssist.admits(account) && account.schedulable() && account.status().isAvailableAt(now)) {
                return true;
            }
        }
        return false;
    }

    private byte[] answer(String method) {
        Object answer = switch (method) {
            case "loadCodeAssist" -> new LoadCodeAssist(
                    new Tier(TIER_ID, TIER_NAME, "Answered by the relay: prompts go to the relay's accounts", false, null),
                    List.of(new Tier(TIER_ID, TIER_NAME, null, false, true)), RELAY_PROJECT);
            case "onboardUser" -> new OnboardingOperation("operations/" + RELAY_PROJECT + "-onboarding", true,
                    new OnboardUserResponse("type.googleapis.com/google.internal.cloud.code.v1internal.OnboardUserResponse",
                            new Project(RELAY_PROJECT, RELAY_PROJECT)));
            case "listExperiments" -> new Experiments(List.of(), List.of());
            case "retrieveUserQuota" -> new Quota(List.of());
            default -> json.createObjectNode(); // fetchAdminControls (none apply), recordCodeAssistMetrics (nothing kept)
        };
        try {
            return json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a set-up answer is plain records and always serialises", e);
        }
    }
}
