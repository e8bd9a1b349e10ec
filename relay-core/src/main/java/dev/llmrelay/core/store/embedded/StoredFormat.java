package dev.llmrelay.core.store.embedded;

import dev.llmrelay.core.store.format.StoredValues;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The conventions the store's files share, naming the data directory's file in every error. */
final class StoredFormat {
    private StoredFormat() {
    }

    static void requireVersion(String file, int found, int supported) {
        StoredValues.requireVersion(source(file), found, supported);
    }

    static IllegalStateException invalid(String file, String why) {
        return StoredValues.invalid(source(file), why);
    }

    static <T> List<T> listOrEmpty(List<T> list) {
        return StoredValues.listOrEmpty(list);
    }

    static String time(Optional<Instant> instant) {
        return StoredValues.time(instant);
    }

    static Instant instant(String text) {
        return StoredValues.instant("a store file", text);
    }

    static Optional<Instant> optionalInstant(String text) {
        return StoredValues.optionalInstant("a store file", text);
    }

    private static String source(String file) {
        return file + " of the data directory";
    }
}
