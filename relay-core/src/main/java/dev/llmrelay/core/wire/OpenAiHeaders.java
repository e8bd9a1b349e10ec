package dev.llmrelay.core.wire;

import java.util.List;
import java.util.Set;

/**
 * The client headers OpenAI upstreams may see: SDK headers, the OpenAI beta flags, and Codex's session and
 * client headers. Organisation and project headers belong to the account, not the client, and stay behind.
 */
final class OpenAiHeaders {
    static final HeaderAllowlist ALLOWED = new HeaderAllowlist(
            Set.of("user-agent", "openai-beta", "originator", "session_id", "session-id", "thread-id",
                    "conversation_id", "x-client-request-id", "accept-language"),
            List.of("x-stainless-", "x-codex-"));

    private OpenAiHeaders() {
    }
}
