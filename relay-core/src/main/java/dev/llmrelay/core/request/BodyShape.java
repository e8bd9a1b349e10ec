package dev.llmrelay.core.request;

import dev.llmrelay.core.route.Operation;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one operation's request body is laid out: the fields it requires, and where its model, its session
 * hint and the start of its conversation are. Paths are top-level field names, or {@code a.b} one level down.
 *
 * @param required fields that must be present, with the JSON type each must have
 * @param modelInBody whether the body names the model (Gemini's path does instead)
 * @param streamField the boolean field that asks for a stream, if the operation has one
 * @param sessionField where the client puts its own conversation id, if anywhere
 * @param systemField the system prompt, hashed with the first conversation entries
 * @param conversationField the array of turns whose first entries identify a conversation
 */
record BodyShape(Map<String, JsonType> required, boolean modelInBody, String streamField, String sessionField,
                 String systemField, String conversationField, int conversationEntriesHashed) {

    /** The JSON type a required field must have, and how an error names it. */
    enum JsonType {
        STRING("a string"), ARRAY("an array"), INTEGER("an integer");

        private final String described;

        JsonType(String described) {
            this.described = described;
        }

        String described() {
            return described;
        }
    }

    static BodyShape of(Operation operation) {
        return switch (operation) {
            case MESSAGES -> new BodyShape(Map.of("model", JsonType.STRING, "messages", JsonType.ARRAY,
                    "max_tokens", JsonType.INTEGER), true, "stream", "metadata.user_id", "system", "messages", 1);
            case COUNT_TOKENS -> new BodyShape(Map.of("model", JsonType.STRING, "messages", JsonType.ARRAY),
                    true, "", "", "", "", 0);
            case CHAT_COMPLETIONS -> new BodyShape(Map.of("model", JsonType.STRING, "messages", JsonType.ARRAY),
                    true, "stream", "prompt_cache_key", "", "messages", 2);
            case RESPONSES -> new BodyShape(Map.of("model", JsonType.STRING), true, "stream", "prompt_cache_key",
                    "instructions", "input", 2);
            case GENERATE_CONTENT, STREAM_GENERATE_CONTENT -> new BodyShape(Map.of("contents", JsonType.ARRAY),
                    false, "", "", "systemInstruction", "contents", 1);
            case GEMINI_COUNT_TOKENS -> new BodyShape(Map.of(), false, "", "", "", "", 0);
            case CODE_ASSIST -> new BodyShape(Map.of(), true, "", "request.session_id", "request.systemInstruction",
                    "request.contents", 1);
            case LIST_MODELS -> new BodyShape(Map.of(), false, "", "", "", "", 0);
        };
    }

    /** The top-level fields this shape looks into. */
    Set<String> topLevelFields() {
        var fields = new HashSet<String>(required.keySet());
        for (String path : List.of(streamField, sessionField, systemField, conversationField)) {
            if (!path.isEmpty()) {
                fields.add(head(path));
            }
        }
        if (modelInBody) {
            fields.add("model");
        }
        if (!streamField.isEmpty()) {
            fields.add("stream_options");
        }
        return fields;
    }

    static String head(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }

    static String tail(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }
}
