package dev.llmrelay.core.translate.responseschat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationException;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Reading and writing the JSON of this package. Numbers keep the digits they came with, so schemas and
 * arguments pass through unrounded.
 */
final class Json {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** A body that must be a JSON object; anything else is refused, naming {@code what}. */
    ObjectNode object(byte[] body, String what) {
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

    /** JSON text, or empty when it is not JSON (an upstream's stream event). */
    Optional<JsonNode> tryParse(String text) {
        try {
            JsonNode node = mapper.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    byte[] bytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    String string(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static ObjectNode newObject() {
        return NODES.objectNode();
    }

    static ArrayNode newArray() {
        return NODES.arrayNode();
    }

    /** Whether {@code name} is present and not null. */
    static boolean present(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    /** The string member {@code name}, or {@code ""} when it is absent or not a string. */
    static String str(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    /** A whole-number member, or 0 when it is absent, null or not a number. */
    static long count(JsonNode node, String name) {
        JsonNode value = node.path(name);
        return value.isNumber() ? value.asLong() : 0;
    }

    /** A new id: {@code prefix} then 24 hex digits. */
    static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
