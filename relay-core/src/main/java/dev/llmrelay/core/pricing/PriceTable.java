package dev.llmrelay.core.pricing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.usage.CostCalculator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * List prices per model, for the cost of each request: the table shipped with the relay
 * ({@code prices.json} beside this class), optionally with an operator's file merged over it.
 *
 * <p>A model is found under its name as sent or, failing that, without its snapshot suffix
 * ({@code claude-sonnet-4-5-20250929} is priced as {@code claude-sonnet-4-5}; see {@link ModelNames}). A model
 * the table does not know costs 0 and is logged once, so that an operator learns to add it.
 *
 * <p>Immutable apart from the set of names already warned about; safe for any number of threads.
 */
public final class PriceTable implements CostCalculator {
    private static final Logger log = LoggerFactory.getLogger(PriceTable.class);

    /** The classpath resource holding the shipped prices. */
    public static final String SHIPPED_RESOURCE = "/dev/llmrelay/core/pricing/prices.json";

    /** At most this many unknown model names are remembered (and warned about), so junk names cannot grow memory. */
    private static final int MAX_WARNED_MODELS = 1_000;
    /** At most this many model names' lookups are remembered, for the same reason. */
    private static final int MAX_REMEMBERED_MODELS = 10_000;

    private final Map<String, ModelPrice> prices;
    private final Optional<String> pricesAsOf;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** Each model name's price as found, so a request does not match the name against the suffix patterns. */
    private final Map<String, Optional<ModelPrice>> resolved = new ConcurrentHashMap<>();

    private PriceTable(Map<String, ModelPrice> prices, Optional<String> pricesAsOf) {
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        this.pricesAsOf = pricesAsOf;
    }

    /** The prices shipped with the relay. */
    public static PriceTable shipped() {
        try (InputStream in = PriceTable.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped price table " + SHIPPED_RESOURCE + " is missing from the classpath");
            }
            return parse("(shipped) " + SHIPPED_RESOURCE, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped price table", e);
        }
    }

    /**
     * The shipped prices with the operator's file merged over them: a model in the file replaces the shipped
     * entry of that name whole; every other shipped entry stays.
     *
     * @throws IllegalArgumentException naming the file and the field when the file is not a valid price file
     * @throws UncheckedIOException when the file cannot be read
     */
    public static PriceTable shippedWithOverrides(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price file " + file, e);
        }
        return shipped().mergedWith(parse(file.toString(), content));
    }

    /**
     * A table from the content of one price file (format in {@link PriceFile}).
     *
     * @param source names the content in error messages, such as its file name
     * @throws IllegalArgumentException when the content is not a valid price file
     */
    public static PriceTable parse(String source, byte[] content) {
        PriceFile.Contents contents = new PriceFile(new ObjectMapper()).parse(source, content);
        return new PriceTable(contents.prices(), contents.pricesAsOf());
    }

    /** This table with every entry of {@code overrides} put over its own; the date is the overrides' if they give one. */
    public PriceTable mergedWith(PriceTable overrides) {
        Map<String, ModelPrice> merged = new LinkedHashMap<>(prices);
        merged.putAll(overrides.prices);
        return new PriceTable(merged, overrides.pricesAsOf.or(() -> pricesAsOf));
    }

    /** The price of {@code model}, under its own name or its name without a snapshot suffix. */
    public Optional<ModelPrice> priceOf(String model) {
        Optional<ModelPrice> known = resolved.get(model);
        if (known != null) {
            return known;
        }
        Optional<ModelPrice> price = lookUp(model);
        if (resolved.size() < MAX_REMEMBERED_MODELS) {
            resolved.put(model, price);
        }
        return price;
    }

    private Optional<ModelPrice> lookUp(String model) {
        for (String candidate : ModelNames.candidates(model)) {
            ModelPrice price = prices.get(candidate);
            if (price != null) {
                return Optional.of(price);
            }
        }
        return Optional.empty();
    }

    /** The names this table prices (aliases included), lower-cased. */
    public Set<String> models() {
        return prices.keySet();
    }

    /** The date the prices are from, as the file says, such as {@code 2026-11-20}. */
    public Optional<String> pricesAsOf() {
        return pricesAsOf;
    }

    /** The request's cost in USD; 0, with a warning the first time, for a model this table does not price. */
    @Override
    public double costUsd(String model, TokenUsage usage) {
        Optional<ModelPrice> price = priceOf(model);
        if (price.isPresent()) {
            return price.get().costUsd(usage);
        }
        warnOnce(model);
        return 0.0;
    }

    private void warnOnce(String model) {
        if (model.isBlank() || warned.size() >= MAX_WARNED_MODELS) {
            return;
        }
        if (warned.add(model)) {
            log.warn("No price for model '{}': its requests are recorded at cost 0. Add it to an override price file "
                    + "(RELAY_PRICES_FILE for the relay host) to price it.", model.replaceAll("\\p{Cntrl}", "?"));
        }
    }
}
