package dev.llmrelay.core.schedule;

import dev.llmrelay.core.chain.RelayCall;
import java.util.Optional;

/**
 * The conversation a request belongs to, so that it keeps its account: Claude Code's
 * {@code X-Claude-Code-Session-Id}, else the client's {@code metadata.user_id}. Sessions are scoped to the
 * relay key, so two keys never share one.
 */
public final class SessionKeys {

    public Optional<String> sessionOf(RelayCall call) {
        Optional<String> clientSession = call.request().headers().first("x-claude-code-session-id")
                .filter(id -> !id.isBlank())
                .or(() -> call.inspected().metadataUserId());
        String keyId = call.requireKey().key().id();
        return clientSession.map(session -> keyId + ":" + session);
    }
}
