package dev.llmrelay.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Credential;
import java.time.Instant;
import java.util.Optional;

/**
 * Tokens from a CLI's own credentials file, for an operator who signed in with the CLI: Claude Code's
 * {@code ~/.claude/.credentials.json} ({@code claudeAiOauth}), Codex's {@code ~/.codex/auth.json} ({@code tokens}),
 * Gemini CLI's {@code ~/.gemini/oauth_creds.json}, and Factory's {@code access_token} / {@code refresh_token}.
 */
public final class CredentialFiles {
    private CredentialFiles() {
    }

    /** The file's tokens, or a sentence saying what is missing (never a token). */
    public sealed interface Read {
        record Tokens(Credential.OAuthTokens tokens) implements Read {
        }

        record Unreadable(String why) implements Read {
        }
    }

    public static Read read(Platform platform, JsonNode file, ObjectMapper json) {
        if (file == null || !file.isObject()) {
            return new Read.Unreadable("credentialsFile must be the JSON object of the CLI's credentials file");
        }
        return switch (platform) {
            case CLAUDE -> {
                JsonNode oauth = file.has("claudeAiOauth") ? file.get("claudeAiOauth") : file;
                yield tokens(text(oauth, "accessToken"), text(oauth, "refreshToken"),
                        millis(oauth.path("expiresAt")), Optional.empty(), "claudeAiOauth.accessToken");
            }
            case OPENAI -> {
                JsonNode tokens = file.path("tokens");
                Optional<String> access = text(tokens, "access_token");
                Optional<String> accountId = text(tokens, "account_id")
                        .or(() -> text(tokens, "id_token").flatMap(id -> JwtClaims.chatGptAccountId(id, json)))
                        .or(() -> access.flatMap(token -> JwtClaims.chatGptAccountId(token, json)));
                yield tokens(access, text(tokens, "refresh_token"),
                        access.flatMap(token -> JwtClaims.expiry(token, json)), accountId, "tokens.access_token");
            }
            case GEMINI -> tokens(text(file, "access_token"), text(file, "refresh_token"),
                    millis(file.path("expiry_date")), Optional.empty(), "access_token");
            case DROID -> {
                Optional<String> access = text(file, "access_token");
                yield tokens(access, text(file, "refresh_token"),
                        access.flatMap(token -> JwtClaims.expiry(token, json)), text(file, "organization_id"),
                        "access_token");
            }
            case OPENAI_COMPATIBLE -> new Read.Unreadable("openai-compatible accounts have no CLI credentials file");
        };
    }

    private static Read tokens(Optional<String> access, Optional<String> refresh, Optional<Instant> expiresAt,
                               Optional<String> accountId, String accessField) {
        if (access.isEmpty()) {
            return new Read.Unreadable("the credentials file has no " + accessField);
        }
        return new Read.Tokens(new Credential.OAuthTokens(Secret.of(access.get()), refresh.map(Secret::of), expiresAt,
                accountId, Optional.empty()));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** Epoch milliseconds, as Claude Code and Gemini CLI write expiries (Gemini CLI with a fraction). */
    private static Optional<Instant> millis(JsonNode value) {
        return value.isNumber() ? Optional.of(Instant.ofEpochMilli(value.asLong())) : Optional.empty();
    }
}
