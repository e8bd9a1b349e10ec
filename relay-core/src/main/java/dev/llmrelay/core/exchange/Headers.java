package dev.llmrelay.core.exchange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/** Immutable HTTP headers: names compare case-insensitively, order and repeats are kept. */
public final class Headers {
    private static final Headers EMPTY = new Headers(List.of());

    private final List<String> namesAndValues;

    private Headers(List<String> namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from alternating names and values. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        var builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                return Optional.of(namesAndValues.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        var values = new ArrayList<String>(2);
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                values.add(namesAndValues.get(i + 1));
            }
        }
        return Collections.unmodifiableList(values);
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            action.accept(namesAndValues.get(i), namesAndValues.get(i + 1));
        }
    }

    public int size() {
        return namesAndValues.size() / 2;
    }

    public Builder toBuilder() {
        var builder = new Builder();
        builder.namesAndValues.addAll(namesAndValues);
        return builder;
    }

    /** Names and values, with values of well-known credential headers hidden. */
    @Override
    public String toString() {
        var text = new StringBuilder("Headers[");
        forEach((name, value) -> text.append(name).append(": ")
                .append(isCredential(name) ? "****" : value).append("; "));
        return text.append(']').toString();
    }

    private static boolean isCredential(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "authorization", "x-api-key", "x-goog-api-key", "proxy-authorization", "cookie", "set-cookie" -> true;
            default -> false;
        };
    }

    /** Collects headers in order. */
    public static final class Builder {
        private final List<String> namesAndValues = new ArrayList<>();

        private Builder() {
        }

        public Builder add(String name, String value) {
            namesAndValues.add(Objects.requireNonNull(name, "name"));
            namesAndValues.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Removes every value of {@code name}, then adds this one. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            for (int i = namesAndValues.size() - 2; i >= 0; i -= 2) {
                if (namesAndValues.get(i).equalsIgnoreCase(name)) {
                    namesAndValues.remove(i + 1);
                    namesAndValues.remove(i);
                }
            }
            return this;
        }

        public Headers build() {
            return namesAndValues.isEmpty() ? EMPTY : new Headers(List.copyOf(namesAndValues));
        }
    }
}
