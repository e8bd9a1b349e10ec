package dev.llmrelay.core.translate.gemini;

import static dev.llmrelay.core.translate.json.JsonTrees.member;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code thoughtSignature}s Gemini 3 put on functionCall parts, remembered by the tool_use id an Anthropic
 * client got for the call, so that the next request can send each back on its functionCall part (Gemini 3
 * refuses a call sent back without it). Anthropic clients have nowhere to keep them: a thinking block would do,
 * but the shared vectors answer a signed call with the tool_use alone. The most recent {@value #CAPACITY} are
 * kept, in this relay's memory only: a conversation that moves to another relay node, or outlives a restart,
 * sends its calls back unsigned.
 */
final class ThoughtSignatures {
    static final int CAPACITY = 4096;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, String> byToolUseId = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers the signature {@code part} carries, if any, for the tool_use {@code toolUseId} it became. */
    void remember(String toolUseId, JsonNode part) {
        String signature = member(part, "thoughtSignature").asText("");
        if (signature.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            byToolUseId.put(toolUseId, signature);
        } finally {
            lock.unlock();
        }
    }

    /** The signature of the call that became the tool_use {@code toolUseId}, if this relay still has it. */
    Optional<String> of(String toolUseId) {
        lock.lock();
        try {
            return Optional.ofNullable(byToolUseId.get(toolUseId));
        } finally {
            lock.unlock();
        }
    }
}
