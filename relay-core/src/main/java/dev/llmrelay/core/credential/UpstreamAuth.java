package dev.llmrelay.core.credential;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.core.exchange.Headers;

/** Puts an account's credential where its provider expects it, in place of the client's relay key. */
public sealed interface UpstreamAuth permits AnthropicAuth {

    /** Sets the credential headers (and any header the credential kind requires) on the upstream request. */
    void apply(Account account, Headers.Builder upstreamHeaders);

    /** The placement for accounts of {@code platform}. */
    static UpstreamAuth forPlatform(Platform platform) {
        return switch (platform) {
            case CLAUDE, DROID -> new AnthropicAuth();
            case OPENAI, GEMINI, OPENAI_COMPATIBLE ->
                    throw new UnsupportedOperationException(platform.wireName() + " accounts are not served yet");
        };
    }
}
