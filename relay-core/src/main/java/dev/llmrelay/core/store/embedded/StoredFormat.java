package dev.llmrelay.core.store.embedded;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The conventions the store's files share: a version number, ISO-8601 UTC times, absent meaning empty. */
final class StoredFormat {
    private StoredFormat() {
    }

    static void requireVersion(String file, int found, int supported) {
        if (found != supported) {
            throw invalid(file, "it has format version " + found + ", this relay reads version " + supported);
        }
    }

    static IllegalStateException invalid(String file, String why) {
        return new IllegalStateException("cannot read " + file + " of the data directory: " + why);
    }

    static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    static Instant instant(String text) {
        if (text == null) {
            throw new IllegalStateException("a required time is missing from a store file");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("a store file holds a time that is not ISO-8601: " + text);
        }
    }

    static Optional<Instant> optionalInstant(String text) {
        return text == null ? Optional.empty() : Optional.of(instant(text));
    }
}
