package dev.llmrelay.core.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names a model may be priced under, most specific first: the name as sent (lower-cased, without a
 * {@code models/} or {@code provider/} prefix), then without each version suffix in turn, so that
 * {@code claude-sonnet-4-5-20250929}, {@code gpt-4o-2024-08-06} and {@code gemini-2.5-flash-preview-09-2025}
 * find the prices of {@code claude-sonnet-4-5}, {@code gpt-4o} and {@code gemini-2.5-flash}.
 *
 * <p>Only suffixes that name a snapshot of the same model are dropped; a name is never shortened to a prefix
 * ({@code o3-pro} is not {@code o3}), because variants of a model are often priced apart.
 */
final class ModelNames {

    private static final List<Pattern> SNAPSHOT_SUFFIXES = List.of(
            Pattern.compile("\\[[^\\]]*]$"),                  // claude-sonnet-4-5[1m]
            Pattern.compile("[-@]\\d{8}$"),                   // -20250929, @20250929 (Vertex)
            Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$"),        // -2024-08-06
            Pattern.compile("-(preview|exp)-\\d{2}-\\d{2,4}$"), // -preview-09-2025, -preview-06-17
            Pattern.compile("-\\d{3}$"),                      // gemini-1.5-pro-002
            Pattern.compile("-latest$"));

    private ModelNames() {
    }

    /** The names to look {@code model} up under, most specific first; never empty for a non-blank name. */
    static List<String> candidates(String model) {
        String name = model.strip().toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        List<String> candidates = new ArrayList<>();
        if (name.isEmpty()) {
            return candidates;
        }
        candidates.add(name);
        boolean shortened = true;
        while (shortened) {
            shortened = false;
            for (Pattern suffix : SNAPSHOT_SUFFIXES) {
                var matcher = suffix.matcher(name);
                if (matcher.find() && matcher.start() > 0) {
                    name = name.substring(0, matcher.start());
                    candidates.add(name);
                    shortened = true;
                    break;
                }
            }
        }
        return candidates;
    }

    /** The form names are kept in a price table: lower case. */
    static String key(String model) {
        return model.strip().toLowerCase(Locale.ROOT);
    }
}
