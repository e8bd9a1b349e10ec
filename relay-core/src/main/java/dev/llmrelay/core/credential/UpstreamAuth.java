package dev.llmrelay.core.credential;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.exchange.Headers;

/** Puts an account's credential where its provider expects it, in place of the client's relay key. */
public sealed interface UpstreamAuth permits AnthropicAuth, OpenAiAuth, GeminiAuth, DroidAuth {

    /**
     * Sets the credential headers, and any header the provider requires with them, on a request of
     * {@code protocol} for {@code upstreamModel}. The client's own credential headers are removed first.
     */
    void apply(Account account, Protocol protocol, String upstreamModel, Headers client, Headers.Builder upstream);

    /** The placement for accounts of {@code platform}. */
    static UpstreamAuth forPlatform(Platform platform) {
        return switch (platform) {
            case CLAUDE -> new AnthropicAuth();
            case OPENAI, OPENAI_COMPATIBLE -> new OpenAiAuth();
            case GEMINI -> new GeminiAuth();
            case DROID -> new DroidAuth();
        };
    }

    /** Removes every header a client may carry a credential in. */
    static void removeClientCredentials(Headers.Builder upstream) {
        upstream.remove("authorization").remove("x-api-key").remove("x-goog-api-key").remove("proxy-authorization")
                .remove("cookie");
    }
}
