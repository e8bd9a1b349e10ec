package dev.llmrelay.host.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.core.oauth.OAuthOnboarding;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/v1/oauth/{platform}/start} and {@code .../finish}: a subscription account signed in through the
 * provider's own login, its tokens stored with the new account. The sign-in itself is the engine's
 * ({@link OAuthOnboarding}); this adapts it to the admin API.
 */
final class OAuthAdmin {
    private final OAuthOnboarding onboarding;
    private final AccountsAdmin accounts;

    OAuthAdmin(OAuthOnboarding onboarding, AccountsAdmin accounts) {
        this.onboarding = onboarding;
        this.accounts = accounts;
    }

    /** A started sign-in: what the operator opens (and, for a device login, the code it shows), until when. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StartView(String sessionId, String authorizeUrl, String userCode, String expiresAt) {
    }

    StartView start(String platformName, JsonNode body) {
        Platform platform = platform(platformName);
        Optional<Secret> proxy = Optional.empty();
        if (body != null) {
            JsonFields.of(body, Set.of("proxy"));
            proxy = AccountsAdmin.proxyOf(body);
        }
        return switch (onboarding.start(platform, proxy)) {
            case OAuthOnboarding.Start.Started started -> new StartView(started.sessionId(), started.authorizeUrl(),
                    started.userCode().orElse(null), started.expiresAt().toString());
            case OAuthOnboarding.Start.Failed failed -> throw error(failed.problem(), failed.why());
        };
    }

    AccountsAdmin.AccountView finish(String platformName, JsonNode body) {
        Platform platform = platform(platformName);
        if (!(body instanceof ObjectNode given)) {
            throw AdminException.invalid("the body must be a JSON object");
        }
        ObjectNode accountFields = given.deepCopy();
        JsonNode sessionId = accountFields.remove("sessionId");
        JsonNode code = accountFields.remove("code");
        if (sessionId == null || !sessionId.isTextual() || sessionId.asText().isBlank()) {
            throw AdminException.invalid("sessionId is required: the one start answered");
        }
        if (code != null && !code.isNull() && !code.isTextual()) {
            throw AdminException.invalid("code must be a string");
        }
        Optional<Secret> proxy = AccountsAdmin.proxyOf(accountFields);
        // The account fields are checked before the code is spent: a code is single use.
        accounts.draftSignedIn(accountFields, platform,
                new Credential.OAuthTokens(Secret.of("placeholder"), Optional.empty(), Optional.empty()));
        var finished = onboarding.finish(platform, sessionId.asText(),
                Optional.ofNullable(code).filter(JsonNode::isTextual).map(JsonNode::asText), proxy);
        Credential.OAuthTokens tokens = switch (finished) {
            case OAuthOnboarding.Finish.Finished done -> done.tokens();
            case OAuthOnboarding.Finish.Failed failed -> throw error(failed.problem(), failed.why());
        };
        Account account = accounts.draftSignedIn(accountFields, platform, tokens);
        if (platform == Platform.GEMINI && tokens.project().isEmpty()) {
            Optional<String> project = onboarding.codeAssistProject(account);
            if (project.isPresent()) {
                account = account.withCredential(tokens.withProject(project));
            }
        }
        return accounts.saveNew(account);
    }

    private static Platform platform(String name) {
        return Platform.fromWireName(name).filter(p -> p != Platform.OPENAI_COMPATIBLE)
                .orElseThrow(() -> AdminException.notFound("no subscription login for '" + name
                        + "'; one of claude, openai, gemini, droid"));
    }

    private static AdminException error(OAuthOnboarding.Problem problem, String why) {
        return switch (problem) {
            case INVALID, REFUSED -> AdminException.invalid(why);
            case PENDING -> new AdminException(409, "authorization_pending", why);
            case UNAVAILABLE -> new AdminException(502, "upstream_error", why);
        };
    }
}
