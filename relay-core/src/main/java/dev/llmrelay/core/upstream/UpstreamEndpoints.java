package dev.llmrelay.core.upstream;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.route.Operation;
import dev.llmrelay.core.route.PathParameters;
import okhttp3.HttpUrl;

/**
 * Where an operation goes below an account's base URL, which is the provider's base URL as its own SDK
 * takes it: {@code https://api.anthropic.com} ({@code /v1/messages} appended), {@code https://api.openai.com/v1}
 * ({@code /chat/completions}, {@code /responses}), {@code https://generativelanguage.googleapis.com}
 * ({@code /v1beta/models/{model}:{method}}, or the client's {@code v1}), Code Assist's {@code https://cloudcode-pa.googleapis.com}
 * ({@code /v1internal:{method}}), Factory's {@code https://api.factory.ai/api/llm} ({@code /a/v1/messages},
 * {@code /o/v1/responses}, {@code /o/v1/chat/completions}).
 */
public final class UpstreamEndpoints {
    private UpstreamEndpoints() {
    }

    /**
     * The upstream URL for {@code operation} spoken in {@code protocol} to {@code account}.
     *
     * @throws IllegalArgumentException when the account's base URL is not a usable URL
     */
    public static HttpUrl url(Account account, Protocol protocol, Operation operation, String upstreamModel,
                              PathParameters parameters, boolean stream) {
        String base = stripTrailingSlash(account.baseUrl());
        boolean droid = account.platform() == Platform.DROID;
        String path = switch (operation) {
            case MESSAGES -> (droid ? "/a" : "") + "/v1/messages";
            case COUNT_TOKENS -> (droid ? "/a" : "") + "/v1/messages/count_tokens";
            case CHAT_COMPLETIONS -> (droid ? "/o/v1" : "") + "/chat/completions";
            case RESPONSES -> (droid ? "/o/v1" : "") + "/responses";
            case GENERATE_CONTENT, STREAM_GENERATE_CONTENT, GEMINI_COUNT_TOKENS ->
                    "/" + parameters.apiVersion().orElse("v1beta") + "/models/" + upstreamModel + ":"
                            + parameters.method().orElseThrow()
                            + (stream ? "?alt=sse" : "");
            case CODE_ASSIST -> "/v1internal:" + parameters.method().orElseThrow() + (stream ? "?alt=sse" : "");
            case LIST_MODELS -> throw new IllegalArgumentException("the relay answers model listings itself");
        };
        if (protocol == Protocol.GEMINI_CODE_ASSIST && operation != Operation.CODE_ASSIST) {
            throw new IllegalArgumentException("a Code Assist account serves Code Assist calls only");
        }
        return HttpUrl.get(base + path);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
