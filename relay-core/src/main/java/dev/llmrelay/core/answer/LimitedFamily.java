package dev.llmrelay.core.answer;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The family of models a rate limit concerns, when the upstream limits one family alone. A Claude subscription
 * has weekly limits per family beside its account-wide ones: its 429 then names the limit it hit in
 * {@code anthropic-ratelimit-unified-representative-claim} ({@code seven_day_opus}, {@code seven_day_sonnet}),
 * while {@code five_hour} or {@code seven_day} mean the whole account.
 */
public final class LimitedFamily {
    /** The header that names the limit a Claude subscription's 429 hit. */
    public static final String CLAIM_HEADER = "anthropic-ratelimit-unified-representative-claim";

    private static final List<String> FAMILIES = List.of("opus", "sonnet", "haiku");

    private LimitedFamily() {
    }

    /** The family a claim names, such as {@code opus} for {@code seven_day_opus}; empty for an account-wide one. */
    public static Optional<String> namedBy(String claim) {
        String lower = claim.toLowerCase(Locale.ROOT);
        return FAMILIES.stream().filter(lower::contains).findFirst();
    }

    /** Whether {@code model} belongs to {@code family}: {@code claude-opus-4-8} and {@code claude-3-opus} to opus. */
    public static boolean includes(String family, String model) {
        return model.toLowerCase(Locale.ROOT).contains(family);
    }
}
