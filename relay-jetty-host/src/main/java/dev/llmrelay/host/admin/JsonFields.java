package dev.llmrelay.host.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reading of one admin JSON object: an unknown field, or a field of the wrong type, is a 400 that
 * names it. A field given as {@code null} reads as "cleared", which a PATCH tells apart from "absent".
 */
final class JsonFields {
    private final ObjectNode node;
    private final String prefix;

    private JsonFields(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    /** Reads {@code value} as an object whose fields are all in {@code allowed}. */
    static JsonFields of(JsonNode value, Set<String> allowed, String prefix) {
        if (!(value instanceof ObjectNode object)) {
            throw AdminException.invalid(prefix.isEmpty() ? "the body must be a JSON object" : prefix + " must be an object");
        }
        String fieldPrefix = prefix.isEmpty() ? "" : prefix + ".";
        for (var property : object.properties()) {
            String name = property.getKey();
            if (!allowed.contains(name)) {
                throw AdminException.invalid("unknown field '" + fieldPrefix + name + "'");
            }
        }
        return new JsonFields(object, fieldPrefix);
    }

    static JsonFields of(JsonNode value, Set<String> allowed) {
        return of(value, allowed, "");
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** Present with a non-null value. */
    boolean hasValue(String field) {
        return node.hasNonNull(field);
    }

    JsonNode raw(String field) {
        return node.get(field);
    }

    String name(String field) {
        return prefix + field;
    }

    Optional<String> string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw AdminException.invalid(name(field) + " must be a string");
        }
        return Optional.of(value.asText());
    }

    String requiredString(String field) {
        return string(field).filter(text -> !text.isBlank())
                .orElseThrow(() -> AdminException.invalid(name(field) + " is required"));
    }

    Optional<Integer> integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw AdminException.invalid(name(field) + " must be a whole number");
        }
        return Optional.of(value.intValue());
    }

    Optional<Long> longValue(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw AdminException.invalid(name(field) + " must be a whole number");
        }
        return Optional.of(value.longValue());
    }

    Optional<Double> number(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw AdminException.invalid(name(field) + " must be a number");
        }
        return Optional.of(value.doubleValue());
    }

    Optional<Boolean> bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw AdminException.invalid(name(field) + " must be true or false");
        }
        return Optional.of(value.booleanValue());
    }

    Optional<Instant> instant(String field) {
        return string(field).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw AdminException.invalid(name(field) + " must be an ISO-8601 UTC time such as 2027-01-01T00:00:00Z");
            }
        });
    }

    Set<String> stringSet(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Set.of();
        }
        if (!value.isArray()) {
            throw AdminException.invalid(name(field) + " must be an array of strings");
        }
        var result = new LinkedHashSet<String>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw AdminException.invalid(name(field) + " must be an array of non-empty strings");
            }
            result.add(item.asText());
        }
        return result;
    }

    Map<String, String> stringMap(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw AdminException.invalid(name(field) + " must be an object of strings");
        }
        var result = new LinkedHashMap<String, String>();
        for (var entry : value.properties()) {
            if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                throw AdminException.invalid(name(field) + "." + entry.getKey() + " must be a non-empty string");
            }
            result.put(entry.getKey(), entry.getValue().asText());
        }
        return result;
    }

    JsonFields object(String field, Set<String> allowed) {
        return of(node.get(field), allowed, name(field));
    }
}
