package dev.llmrelay.core.translate.vectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared vectors' matching rules (vectors/README.md, "Matching rules"): a pattern object matches an
 * object holding at least its keys, {@code "<absent>"} says a key must not be there, {@code "<any>"} takes
 * any value but {@code null}, {@code "<$name>"} takes any value but {@code null} and binds it, {@code
 * {"$json": pattern}} matches a string holding JSON text, arrays match by length and element by element,
 * numbers by value, everything else exactly.
 *
 * <p>One instance matches one vector: a name bound in its upstream request must have the same value in its
 * client answer or events, and two names never bind the same value. {@link #copy()} forks the bindings, to
 * match one part of a vector several times (a stream cut in different places) from the same start.
 */
public final class VectorPattern {
    private static final String ABSENT = "<absent>";
    private static final String ANY = "<any>";
    private static final String JSON_KEY = "$json";
    private static final Pattern BINDING = Pattern.compile("<\\$([^<>]+)>");
    /** Numbers by value ({@code 1} is {@code 1.0}), everything else as Jackson compares it. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final ObjectMapper json;
    private final Map<String, JsonNode> bindings;

    /** A matcher with no names bound yet. */
    public VectorPattern() {
        this(new ObjectMapper(), new LinkedHashMap<>());
    }

    private VectorPattern(ObjectMapper json, Map<String, JsonNode> bindings) {
        this.json = json;
        this.bindings = bindings;
    }

    /** A matcher with the names bound so far, whose later bindings do not touch this one. */
    public VectorPattern copy() {
        return new VectorPattern(json, new LinkedHashMap<>(bindings));
    }

    /** The values bound so far, by name. */
    public Map<String, JsonNode> bindings() {
        return Map.copyOf(bindings);
    }

    /** Whether {@code actual} matches {@code pattern}; empty when it does, else where and why it does not. */
    public Optional<String> mismatch(JsonNode pattern, JsonNode actual) {
        return Optional.ofNullable(check("$", pattern, actual));
    }

    /** Fails, naming {@code what} and the first difference, unless {@code actual} matches {@code pattern}. */
    public void assertMatches(String what, JsonNode pattern, JsonNode actual) {
        mismatch(pattern, actual).ifPresent(why -> {
            throw new AssertionError(what + " does not match the vector: " + why
                    + "\n  pattern: " + pattern + "\n  actual:  " + actual);
        });
    }

    private String check(String path, JsonNode pattern, JsonNode actual) {
        if (pattern.isTextual()) {
            String text = pattern.textValue();
            if (text.equals(ABSENT)) {
                throw new IllegalArgumentException(path + ": \"<absent>\" is only meaningful as an object member");
            }
            if (text.equals(ANY)) {
                return actual.isNull() ? path + ": expected any value but null, got null" : null;
            }
            Matcher binding = BINDING.matcher(text);
            if (binding.matches()) {
                return bind(path, binding.group(1), actual);
            }
        }
        if (isJsonText(pattern)) {
            return checkJsonText(path, pattern.get(JSON_KEY), actual);
        }
        if (pattern.isObject()) {
            return checkObject(path, pattern, actual);
        }
        if (pattern.isArray()) {
            return checkArray(path, pattern, actual);
        }
        if (pattern.isNumber()) {
            return actual.isNumber() && SAME_VALUE.compare(pattern, actual) == 0 ? null
                    : path + ": expected " + pattern + ", got " + actual;
        }
        return pattern.equals(actual) ? null : path + ": expected " + pattern + ", got " + actual;
    }

    private String checkObject(String path, JsonNode pattern, JsonNode actual) {
        if (!actual.isObject()) {
            return path + ": expected an object, got " + actual;
        }
        for (Map.Entry<String, JsonNode> member : pattern.properties()) {
            String key = member.getKey();
            String memberPath = path + "." + key;
            JsonNode expected = member.getValue();
            if (expected.isTextual() && expected.textValue().equals(ABSENT)) {
                if (actual.has(key)) {
                    return memberPath + ": expected absent, got " + actual.get(key);
                }
                continue;
            }
            if (!actual.has(key)) {
                return memberPath + ": missing (expected " + expected + ")";
            }
            String why = check(memberPath, expected, actual.get(key));
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private String checkArray(String path, JsonNode pattern, JsonNode actual) {
        if (!actual.isArray()) {
            return path + ": expected an array, got " + actual;
        }
        if (actual.size() != pattern.size()) {
            return path + ": expected " + pattern.size() + " elements, got " + actual.size() + ": " + actual;
        }
        for (int i = 0; i < pattern.size(); i++) {
            String why = check(path + "[" + i + "]", pattern.get(i), actual.get(i));
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private String checkJsonText(String path, JsonNode pattern, JsonNode actual) {
        if (!actual.isTextual()) {
            return path + ": expected a string holding JSON, got " + actual;
        }
        JsonNode parsed;
        try {
            parsed = json.readTree(actual.textValue());
        } catch (JsonProcessingException e) {
            return path + ": expected a string holding JSON, got " + actual + " (" + e.getOriginalMessage() + ")";
        }
        return check(path + "<json>", pattern, parsed);
    }

    private String bind(String path, String name, JsonNode actual) {
        if (actual.isNull()) {
            return path + ": expected a value for <$" + name + ">, got null";
        }
        JsonNode bound = bindings.get(name);
        if (bound != null) {
            return bound.equals(SAME_VALUE, actual) ? null
                    : path + ": <$" + name + "> was bound to " + bound + ", got " + actual;
        }
        for (Map.Entry<String, JsonNode> other : bindings.entrySet()) {
            if (other.getValue().equals(SAME_VALUE, actual)) {
                return path + ": <$" + name + "> would bind " + actual + ", the value of <$" + other.getKey() + ">";
            }
        }
        bindings.put(name, actual);
        return null;
    }

    private static boolean isJsonText(JsonNode pattern) {
        return pattern.isObject() && pattern.size() == 1 && pattern.has(JSON_KEY);
    }
}
