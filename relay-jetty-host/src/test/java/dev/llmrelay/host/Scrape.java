package dev.llmrelay.host;

import java.util.Arrays;
import java.util.OptionalDouble;

/** One answer of {@code GET /metrics}, read the way Prometheus reads it: a sample per line, {@code name{labels} value}. */
record Scrape(String text) {

    /**
     * The value of the sample named {@code name} whose labels include every {@code label="value"} pair given as
     * {@code label, value, ...}; empty when there is none.
     */
    OptionalDouble value(String name, String... labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                String[] parts = line.split(" ");
                return OptionalDouble.of(Double.parseDouble(parts[parts.length - 1]));
            }
        }
        return OptionalDouble.empty();
    }

    /** The sum of every sample named {@code name} whose labels include the pairs given. */
    double sum(String name, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                String[] parts = line.split(" ");
                sum += Double.parseDouble(parts[parts.length - 1]);
            }
        }
        return sum;
    }

    /** As {@link #value}, 0 when there is no such sample (a counter that never moved). */
    double count(String name, String... labels) {
        return value(name, labels).orElse(0);
    }

    @Override
    public String toString() {
        return Arrays.stream(text.split("\n")).filter(line -> line.startsWith("relay_"))
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
