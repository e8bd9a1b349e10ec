package dev.llmrelay.core.catalog;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The most output tokens a model writes in one answer, by model family, as each provider documents it. A
 * translated request asking for more (Claude Code asks for 64,000 whatever the model) is clamped to it rather
 * than refused by the upstream. A name no entry covers (a local model, a newer family) is not clamped.
 */
public final class OutputLimits {
    /** Output limits by name prefix; the longest prefix that matches wins. */
    private static final Map<String, Integer> BY_PREFIX = Map.ofEntries(
            Map.entry("claude-3-", 4_096),
            Map.entry("claude-3-5-", 8_192),
            Map.entry("claude-3-7-sonnet", 64_000),
            Map.entry("claude-sonnet-4", 64_000),
            Map.entry("claude-haiku-4", 64_000),
            Map.entry("claude-opus-4", 64_000),
            Map.entry("claude-opus-4-0", 32_000),
            Map.entry("claude-opus-4-1", 32_000),
            Map.entry("claude-opus-4-2025", 32_000),
            Map.entry("gpt-4o", 16_384),
            Map.entry("gpt-4.1", 32_768),
            Map.entry("gpt-5", 128_000),
            Map.entry("o1", 100_000),
            Map.entry("o1-mini", 65_536),
            Map.entry("o3", 100_000),
            Map.entry("o4-mini", 100_000),
            Map.entry("gemini-1.5-", 8_192),
            Map.entry("gemini-2.0-", 8_192),
            Map.entry("gemini-2.5-", 65_536),
            Map.entry("gemini-3", 65_536));

    private OutputLimits() {
    }

    /** The output limit of {@code model} (any case, with or without a {@code models/} or provider prefix), if known. */
    public static OptionalInt of(String model) {
        String name = model.strip().toLowerCase(Locale.ROOT);
        name = name.substring(name.lastIndexOf('/') + 1);
        String longest = "";
        for (String prefix : BY_PREFIX.keySet()) {
            if (name.startsWith(prefix) && prefix.length() > longest.length()) {
                longest = prefix;
            }
        }
        return longest.isEmpty() ? OptionalInt.empty() : OptionalInt.of(BY_PREFIX.get(longest));
    }

    /** {@code requested} output tokens for {@code model}, lowered to its limit when it asks for more. */
    public static int clamp(String model, int requested) {
        OptionalInt limit = of(model);
        return limit.isPresent() ? Math.min(requested, limit.getAsInt()) : requested;
    }
}
