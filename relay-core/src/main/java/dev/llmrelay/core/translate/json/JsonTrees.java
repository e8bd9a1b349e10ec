package dev.llmrelay.core.translate.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.json.PooledJson;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON trees the translators read and write: one mapper that keeps numbers exactly as written (tool
 * arguments and schemas pass through unrounded), and Gemini's two spellings of every field.
 */
public final class JsonTrees {
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper = JsonMapper.builder(PooledJson.newFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** The body as a JSON object, or a refusal naming {@code what} when it is not one. */
    public ObjectNode readObject(byte[] body, String what) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            throw new TranslationException(what + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new TranslationException(what + " is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The JSON text, as an event's data or a tool call's arguments, or a refusal naming {@code what}. */
    public JsonNode readValue(String text, String what) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new TranslationException(what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new TranslationException(what + " is not valid JSON");
        }
    }

    /** JSON text, or empty when it is not JSON (an upstream's stream event that cannot be read). */
    public Optional<JsonNode> tryParse(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public byte[] writeBytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public String writeString(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * A Gemini member by its lowerCamelCase name, or by its snake_case spelling, which the API accepts too;
     * a missing node when neither is present or the value is null.
     */
    public static JsonNode member(JsonNode node, String camelName) {
        JsonNode value = node.get(camelName);
        if (value == null || value.isNull()) {
            value = node.get(snakeCase(camelName));
        }
        return value == null || value.isNull() ? MissingNode.getInstance() : value;
    }

    /** A member that is present and not null. */
    public static boolean has(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    /** A string member, or {@code ""} when absent or not a string. */
    public static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    /** A whole-number member, or 0 when it is absent, null or not a number. */
    public static long count(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isNumber() ? value.asLong() : 0;
    }

    /** A fresh id: the prefix and 24 hex digits. */
    public static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private static String snakeCase(String camelName) {
        StringBuilder snake = new StringBuilder(camelName.length() + 4);
        for (char c : camelName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
