package dev.llmrelay.core.route;

/** What a client route asks the relay to do, whatever URL prefix it came under. */
public enum Operation {
    /** Anthropic {@code POST /v1/messages}, streaming or not. */
    MESSAGES("POST"),
    /** Anthropic {@code POST /v1/messages/count_tokens}. */
    COUNT_TOKENS("POST"),
    /** OpenAI {@code POST /chat/completions}. */
    CHAT_COMPLETIONS("POST"),
    /** OpenAI {@code POST /responses}. */
    RESPONSES("POST"),
    /** Gemini {@code POST /v1beta/models/{model}:generateContent}. */
    GENERATE_CONTENT("POST"),
    /** Gemini {@code POST /v1beta/models/{model}:streamGenerateContent} (with {@code alt=sse}). */
    STREAM_GENERATE_CONTENT("POST"),
    /** Gemini {@code POST /v1beta/models/{model}:countTokens}. */
    GEMINI_COUNT_TOKENS("POST"),
    /** Code Assist {@code POST /v1internal:{method}}, as Gemini CLI calls it under Google login. */
    CODE_ASSIST("POST"),
    /** {@code GET …/models}: answered by the relay from the accounts the key may use. */
    LIST_MODELS("GET");

    private final String method;

    Operation(String method) {
        this.method = method;
    }

    public String method() {
        return method;
    }
}
