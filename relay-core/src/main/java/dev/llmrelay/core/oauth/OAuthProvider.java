package dev.llmrelay.core.oauth;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How one provider's subscription login works, as its own CLI does it: where the operator signs in, where codes
 * and refresh tokens are exchanged, and as which public client. Every URL can be replaced (tests, private
 * deployments, a provider that moved an endpoint); a client secret is never shipped, an operator gives it.
 *
 * @param flow an authorization code with PKCE that the operator pastes back, or a device code the relay polls
 * @param authorizeUrl where the operator signs in (the device authorization endpoint for {@link Flow#DEVICE_CODE})
 * @param tokenUrl where codes and refresh tokens are exchanged for tokens
 * @param redirectUri the redirect the provider's public client is registered with; empty for a device flow
 * @param authorizeParameters what the provider's CLI adds to the authorize URL besides the OAuth ones
 * @param tokenBody how the token endpoint takes its parameters
 * @param refreshScope the {@code scope} a refresh asks for, where the CLI sends one
 */
public record OAuthProvider(Platform platform, Flow flow, String authorizeUrl, String tokenUrl, String clientId,
                            Optional<Secret> clientSecret, String redirectUri, List<String> scopes,
                            Map<String, String> authorizeParameters, TokenBody tokenBody,
                            Optional<String> refreshScope) {

    /** The login flows the providers' CLIs use. */
    public enum Flow {
        AUTHORIZATION_CODE,
        DEVICE_CODE
    }

    /** JSON (Anthropic) or form-encoded (everyone else) token requests. */
    public enum TokenBody {
        JSON,
        FORM
    }

    public OAuthProvider {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(redirectUri, "redirectUri");
        scopes = List.copyOf(scopes);
        authorizeParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(authorizeParameters));
        Objects.requireNonNull(tokenBody, "tokenBody");
        Objects.requireNonNull(refreshScope, "refreshScope");
    }

    /** Claude Pro / Max, as Claude Code signs in: the code page shows {@code code#state} to paste. */
    public static final OAuthProvider CLAUDE = new OAuthProvider(Platform.CLAUDE, Flow.AUTHORIZATION_CODE,
            "https://claude.ai/oauth/authorize", "https://platform.claude.com/v1/oauth/token",
            "9d1c250a-e61b-44d9-88ed-5944d1962f5e", Optional.empty(),
            "https://platform.claude.com/oauth/code/callback",
            List.of("org:create_api_key", "user:profile", "user:inference", "user:sessions:claude_code",
                    "user:mcp_servers", "user:file_upload"),
            Map.of("code", "true"), TokenBody.JSON, Optional.empty());

    /** ChatGPT Plus / Pro, as Codex CLI signs in: the browser ends on a localhost URL the operator pastes whole. */
    public static final OAuthProvider OPENAI = new OAuthProvider(Platform.OPENAI, Flow.AUTHORIZATION_CODE,
            "https://auth.openai.com/oauth/authorize", "https://auth.openai.com/oauth/token",
            "app_EMoamEEZ73f0CkXaXp7hrann", Optional.empty(), "http://localhost:1455/auth/callback",
            List.of("openid", "profile", "email", "offline_access"),
            orderedMap("id_token_add_organizations", "true", "codex_cli_simplified_flow", "true"),
            TokenBody.FORM, Optional.of("openid profile email"));

    /**
     * Google login as Gemini CLI does it (Code Assist): the code page shows a code to paste. Google's token
     * endpoint wants the installed app's client secret, which an operator configures.
     */
    public static final OAuthProvider GEMINI = new OAuthProvider(Platform.GEMINI, Flow.AUTHORIZATION_CODE,
            "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
            "681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com", Optional.empty(),
            "https://codeassist.google.com/authcode",
            List.of("https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/userinfo.email",
                    "https://www.googleapis.com/auth/userinfo.profile"),
            orderedMap("access_type", "offline", "prompt", "consent"), TokenBody.FORM, Optional.empty());

    /** Factory (Droid) through WorkOS's device authorization: the operator approves a code, the relay polls. */
    public static final OAuthProvider DROID = new OAuthProvider(Platform.DROID, Flow.DEVICE_CODE,
            "https://api.workos.com/user_management/authorize/device",
            "https://api.workos.com/user_management/authenticate", "client_01HNM792M5G5G1A2THWPXKFMXB",
            Optional.empty(), "", List.of(), Map.of(), TokenBody.FORM, Optional.empty());

    /** The shipped description for {@code platform}, if it has a subscription login. */
    public static Optional<OAuthProvider> standard(Platform platform) {
        return switch (platform) {
            case CLAUDE -> Optional.of(CLAUDE);
            case OPENAI -> Optional.of(OPENAI);
            case GEMINI -> Optional.of(GEMINI);
            case DROID -> Optional.of(DROID);
            case OPENAI_COMPATIBLE -> Optional.empty();
        };
    }

    public OAuthProvider withAuthorizeUrl(String url) {
        return new OAuthProvider(platform, flow, url, tokenUrl, clientId, clientSecret, redirectUri, scopes,
                authorizeParameters, tokenBody, refreshScope);
    }

    public OAuthProvider withTokenUrl(String url) {
        return new OAuthProvider(platform, flow, authorizeUrl, url, clientId, clientSecret, redirectUri, scopes,
                authorizeParameters, tokenBody, refreshScope);
    }

    public OAuthProvider withClientId(String id) {
        return new OAuthProvider(platform, flow, authorizeUrl, tokenUrl, id, clientSecret, redirectUri, scopes,
                authorizeParameters, tokenBody, refreshScope);
    }

    public OAuthProvider withClientSecret(Secret secret) {
        return new OAuthProvider(platform, flow, authorizeUrl, tokenUrl, clientId, Optional.of(secret), redirectUri,
                scopes, authorizeParameters, tokenBody, refreshScope);
    }

    public OAuthProvider withRedirectUri(String uri) {
        return new OAuthProvider(platform, flow, authorizeUrl, tokenUrl, clientId, clientSecret, uri, scopes,
                authorizeParameters, tokenBody, refreshScope);
    }

    private static Map<String, String> orderedMap(String... namesAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }
}
