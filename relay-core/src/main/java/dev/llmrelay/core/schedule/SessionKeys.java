package dev.llmrelay.core.schedule;

import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.exchange.Headers;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversation a request belongs to, so that it keeps its account (warm prompt caches, one user per
 * account as the provider sees it). Taken from what each client really sends, in order: its session
 * header ({@code X-Claude-Code-Session-Id}, Codex's {@code session_id} / {@code session-id} /
 * {@code thread-id} / {@code conversation_id}, Droid's {@code x-session-id}); the session in the body
 * (Claude Code's {@code metadata.user_id}, Codex's {@code prompt_cache_key}, Gemini CLI's {@code session_id});
 * else a hash of the system prompt and first message. Sessions are scoped to the relay key, so two keys
 * never share one.
 */
public final class SessionKeys {
    private static final List<String> SESSION_HEADERS = List.of("x-claude-code-session-id", "session_id", "session-id",
            "thread-id", "conversation_id", "x-session-id");
    /** The older {@code user_<hex>_account_<uuid>_session_<uuid>} form of Claude Code's {@code metadata.user_id}. */
    private static final Pattern LEGACY_USER_ID_SESSION = Pattern.compile("_session_([0-9A-Za-z-]+)$");
    /** The newer JSON form: {@code {"device_id", "account_uuid", "session_id"}}. */
    private static final Pattern JSON_USER_ID_SESSION = Pattern.compile("\"session_id\"\\s*:\\s*\"([^\"]+)\"");

    public Optional<String> sessionOf(RelayCall call) {
        String keyId = call.requireKey().key().id();
        return fromHeaders(call.request().headers())
                .or(() -> call.inspected().sessionHint().map(SessionKeys::sessionInHint))
                .or(() -> call.inspected().conversationHash().map(hash -> "conversation:" + hash))
                .map(session -> keyId + ":" + session);
    }

    private static Optional<String> fromHeaders(Headers headers) {
        for (String name : SESSION_HEADERS) {
            Optional<String> value = headers.first(name).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /** The session part of a body hint: Claude Code's {@code metadata.user_id} holds one inside it. */
    static String sessionInHint(String hint) {
        Matcher json = JSON_USER_ID_SESSION.matcher(hint);
        if (json.find()) {
            return json.group(1);
        }
        Matcher legacy = LEGACY_USER_ID_SESSION.matcher(hint);
        if (legacy.find()) {
            return legacy.group(1);
        }
        return hint;
    }
}
