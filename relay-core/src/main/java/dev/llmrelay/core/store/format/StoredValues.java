package dev.llmrelay.core.store.format;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The conventions every stored form shares (files, Redis values, export documents): ISO-8601 UTC times,
 * absent meaning empty, and one kind of error naming where an unreadable value came from.
 */
public final class StoredValues {
    private StoredValues() {
    }

    /** The error for a stored value that cannot be read; names its source, never a secret. */
    public static IllegalStateException invalid(String source, String why) {
        return new IllegalStateException("cannot read " + source + ": " + why);
    }

    public static void requireVersion(String source, int found, int supported) {
        if (found != supported) {
            throw invalid(source, "it has format version " + found + ", this relay reads version " + supported);
        }
    }

    public static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    public static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    public static Instant instant(String source, String text) {
        if (text == null) {
            throw invalid(source, "a required time is missing");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(source, "a time is not ISO-8601: " + text);
        }
    }

    public static Optional<Instant> optionalInstant(String source, String text) {
        return text == null ? Optional.empty() : Optional.of(instant(source, text));
    }
}
