package dev.llmrelay.core.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the price file format, strictly: an unknown field or a bad value is an error naming it, so that a
 * typo in an operator's file fails at start instead of pricing requests at 0.
 *
 * <pre>{@code
 * {"version": 1, "pricesAsOf": "2026-11-20", "note": "...", "sources": ["https://..."],
 *  "models": {
 *    "claude-sonnet-4-5": {"input": 3.0, "output": 15.0, "cacheWrite5m": 3.75, "cacheWrite1h": 6.0,
 *                          "cacheRead": 0.30, "aliases": ["claude-sonnet-4-5-thinking"],
 *                          "longContext": {"abovePromptTokens": 200000, "input": 6.0, "output": 22.5,
 *                                          "cacheWrite5m": 7.5, "cacheWrite1h": 12.0, "cacheRead": 0.60}},
 *    "gpt-5": {"input": 1.25, "output": 10.0, "cacheRead": 0.125}}}
 * }</pre>
 *
 * Prices are USD per million tokens. {@code input} and {@code output} are required; {@code cacheWrite5m}
 * defaults to {@code input}, {@code cacheWrite1h} to {@code cacheWrite5m}, {@code cacheRead} to {@code input}
 * (a provider without cache prices bills those tokens as input). The same defaults hold inside
 * {@code longContext}, relative to its own {@code input}.
 */
final class PriceFile {
    static final int VERSION = 1;

    private static final Set<String> TOP_FIELDS = Set.of("version", "pricesAsOf", "note", "sources", "models");
    private static final Set<String> MODEL_FIELDS =
            Set.of("input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead", "aliases", "longContext", "note");
    private static final Set<String> LONG_CONTEXT_FIELDS =
            Set.of("abovePromptTokens", "input", "output", "cacheWrite5m", "cacheWrite1h", "cacheRead");

    /** A parsed file: when its prices are from (empty if it does not say) and the price of each name. */
    record Contents(Optional<String> pricesAsOf, Map<String, ModelPrice> prices) {
    }

    private final ObjectMapper json;

    PriceFile(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Parses one file.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException naming the file and the field when the content is not a valid price file
     */
    Contents parse(String source, byte[] content) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (JsonProcessingException e) {
            throw invalid(source, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw invalid(source, "unreadable: " + e.getMessage());
        }
        ObjectNode top = object(source, root, "the document", TOP_FIELDS);
        JsonNode version = top.get("version");
        if (version != null && !(version.isIntegralNumber() && version.intValue() == VERSION)) {
            throw invalid(source, "version " + version + " is not one this relay reads (it reads " + VERSION + ")");
        }
        Optional<String> asOf = Optional.empty();
        if (top.hasNonNull("pricesAsOf")) {
            if (!top.get("pricesAsOf").isTextual()) {
                throw invalid(source, "pricesAsOf must be a string such as \"2026-11-20\"");
            }
            asOf = Optional.of(top.get("pricesAsOf").asText());
        }
        JsonNode models = top.get("models");
        if (models == null || !models.isObject()) {
            throw invalid(source, "\"models\" is required: an object of model name to prices");
        }
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        for (var entry : models.properties()) {
            String name = ModelNames.key(entry.getKey());
            String path = "models." + entry.getKey();
            if (name.isEmpty()) {
                throw invalid(source, "a model has an empty name");
            }
            ObjectNode model = object(source, entry.getValue(), path, MODEL_FIELDS);
            ModelPrice price = modelPrice(source, path, model);
            put(source, prices, name, price, path);
            JsonNode aliases = model.get("aliases");
            if (aliases != null && !aliases.isNull()) {
                if (!aliases.isArray()) {
                    throw invalid(source, path + ".aliases must be an array of model names");
                }
                for (JsonNode alias : aliases) {
                    if (!alias.isTextual() || alias.asText().isBlank()) {
                        throw invalid(source, path + ".aliases must be an array of model names");
                    }
                    put(source, prices, ModelNames.key(alias.asText()), price, path + ".aliases");
                }
            }
        }
        return new Contents(asOf, prices);
    }

    private static void put(String source, Map<String, ModelPrice> prices, String name, ModelPrice price, String path) {
        if (prices.putIfAbsent(name, price) != null) {
            throw invalid(source, path + " prices " + name + " a second time");
        }
    }

    private static ModelPrice modelPrice(String source, String path, ObjectNode model) {
        TokenRates rates = rates(source, path, model);
        JsonNode longContext = model.get("longContext");
        if (longContext == null || longContext.isNull()) {
            return ModelPrice.of(rates);
        }
        String tierPath = path + ".longContext";
        ObjectNode tier = object(source, longContext, tierPath, LONG_CONTEXT_FIELDS);
        JsonNode above = tier.get("abovePromptTokens");
        if (above == null || !above.isIntegralNumber() || !above.canConvertToLong() || above.longValue() <= 0) {
            throw invalid(source, tierPath + ".abovePromptTokens must be a positive whole number of tokens");
        }
        return new ModelPrice(rates,
                Optional.of(new ModelPrice.LongContext(above.longValue(), rates(source, tierPath, tier))));
    }

    private static TokenRates rates(String source, String path, ObjectNode node) {
        double input = price(source, path, node, "input").orElseThrow(() -> invalid(source, path + ".input is required"));
        double output = price(source, path, node, "output").orElseThrow(() -> invalid(source, path + ".output is required"));
        double write5m = price(source, path, node, "cacheWrite5m").orElse(input);
        double write1h = price(source, path, node, "cacheWrite1h").orElse(write5m);
        double read = price(source, path, node, "cacheRead").orElse(input);
        return new TokenRates(input, output, write5m, write1h, read);
    }

    private static Optional<Double> price(String source, String path, ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
            throw invalid(source, path + "." + field + " must be a price in USD per million tokens, 0 or more");
        }
        return Optional.of(value.doubleValue());
    }

    private static ObjectNode object(String source, JsonNode node, String path, Set<String> allowed) {
        if (!(node instanceof ObjectNode object)) {
            throw invalid(source, path + " must be a JSON object");
        }
        for (var property : object.properties()) {
            if (!allowed.contains(property.getKey())) {
                String where = path.equals("the document") ? "" : path + ".";
                throw invalid(source, "unknown field '" + where + property.getKey() + "'");
            }
        }
        return object;
    }

    private static IllegalArgumentException invalid(String source, String problem) {
        return new IllegalArgumentException("price file " + source + ": " + problem);
    }
}
