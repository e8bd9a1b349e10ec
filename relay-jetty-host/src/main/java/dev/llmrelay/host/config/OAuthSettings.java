package dev.llmrelay.host.config;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.core.oauth.OAuthProviders;
import java.util.Map;
import java.util.Optional;

/**
 * The subscription logins as the environment sets them: {@code RELAY_OAUTH_<PLATFORM>_AUTHORIZE_URL},
 * {@code _TOKEN_URL}, {@code _CLIENT_ID}, {@code _REDIRECT_URI} and {@code _CLIENT_SECRET}, with {@code <PLATFORM>}
 * one of {@code CLAUDE}, {@code OPENAI}, {@code GEMINI}, {@code DROID}; each unset one keeps the provider's own.
 */
public final class OAuthSettings {
    private OAuthSettings() {
    }

    public static OAuthProviders fromEnvironment(Map<String, String> environment) {
        OAuthProviders providers = OAuthProviders.standard();
        for (Platform platform : new Platform[] {Platform.CLAUDE, Platform.OPENAI, Platform.GEMINI, Platform.DROID}) {
            String prefix = "RELAY_OAUTH_" + platform.name() + "_";
            Optional<String> authorize = text(environment, prefix + "AUTHORIZE_URL");
            Optional<String> token = text(environment, prefix + "TOKEN_URL");
            Optional<String> clientId = text(environment, prefix + "CLIENT_ID");
            Optional<String> redirect = text(environment, prefix + "REDIRECT_URI");
            Optional<String> secret = text(environment, prefix + "CLIENT_SECRET");
            providers = providers.with(platform, provider -> {
                var changed = provider;
                changed = authorize.map(changed::withAuthorizeUrl).orElse(changed);
                changed = token.map(changed::withTokenUrl).orElse(changed);
                changed = clientId.map(changed::withClientId).orElse(changed);
                changed = redirect.map(changed::withRedirectUri).orElse(changed);
                return secret.map(Secret::of).map(changed::withClientSecret).orElse(changed);
            });
        }
        return providers;
    }

    private static Optional<String> text(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }
}
