package dev.llmrelay.api.usage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The length of a usage period; periods are UTC and labelled {@code 2026-11-23T14}, {@code 2026-11-23}, {@code 2026-11}. */
public enum Granularity {
    HOUR(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH")),
    DAY(DateTimeFormatter.ofPattern("uuuu-MM-dd")),
    MONTH(DateTimeFormatter.ofPattern("uuuu-MM"));

    private final DateTimeFormatter label;

    Granularity(DateTimeFormatter label) {
        this.label = label.withZone(ZoneOffset.UTC);
    }

    /** The label of the period holding {@code instant}. */
    public String periodOf(Instant instant) {
        return label.format(instant);
    }

    /** The start of the hour holding {@code instant}: the finest grain stores keep. */
    public static Instant hourOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }
}
