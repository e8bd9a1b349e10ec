package dev.llmrelay.core.route;

/** What a client route asks the relay to do, independent of the URL prefix it came under. */
public enum Operation {
    /** Anthropic {@code POST /v1/messages}, stream or not. */
    MESSAGES("POST", "/v1/messages"),
    /** Anthropic {@code POST /v1/messages/count_tokens}. */
    COUNT_TOKENS("POST", "/v1/messages/count_tokens"),
    /** Anthropic {@code GET /v1/models}, answered by the relay from the accounts the key may use. */
    LIST_MODELS("GET", "/v1/models");

    private final String method;
    private final String upstreamPath;

    Operation(String method, String upstreamPath) {
        this.method = method;
        this.upstreamPath = upstreamPath;
    }

    public String method() {
        return method;
    }

    /** The path below the account's base URL that serves this operation. */
    public String upstreamPath() {
        return upstreamPath;
    }
}
