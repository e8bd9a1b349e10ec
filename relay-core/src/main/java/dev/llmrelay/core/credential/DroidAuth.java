package dev.llmrelay.core.credential;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.exchange.Headers;
import java.util.UUID;

/**
 * Factory (Droid): the Factory API key or WorkOS access token as {@code Authorization: Bearer}, with the
 * headers Factory's gateway reads from its own CLI: {@code x-factory-client: cli}, {@code x-api-provider}
 * naming the model's provider, and a session and message id (the client's when it sent them).
 */
public final class DroidAuth implements UpstreamAuth {

    @Override
    public void apply(Account account, Protocol protocol, String upstreamModel, Headers client, Headers.Builder upstream) {
        UpstreamAuth.removeClientCredentials(upstream);
        String token = switch (account.credential()) {
            case Credential.ApiKey apiKey -> apiKey.key().reveal();
            case Credential.OAuthTokens tokens -> tokens.accessToken().reveal();
        };
        upstream.set("authorization", "Bearer " + token);
        upstream.set("x-factory-client", "cli");
        upstream.set("x-api-provider", provider(protocol, upstreamModel));
        upstream.set("x-session-id", client.first("x-session-id").orElseGet(() -> UUID.randomUUID().toString()));
        upstream.set("x-assistant-message-id",
                client.first("x-assistant-message-id").orElseGet(() -> UUID.randomUUID().toString()));
    }

    /** The provider Factory routes a model to: Anthropic and OpenAI by protocol, others by model name. */
    static String provider(Protocol protocol, String model) {
        return switch (protocol) {
            case ANTHROPIC_MESSAGES -> "anthropic";
            case OPENAI_RESPONSES -> "openai";
            default -> model.startsWith("gemini") ? "google"
                    : model.startsWith("gpt") || model.matches("o\\d.*") ? "openai" : "fireworks";
        };
    }
}
