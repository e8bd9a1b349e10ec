package dev.llmrelay.core.store.format;

import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.store.HourlyUsage;
import java.util.Optional;

/** One {@link HourlyUsage} as every store writes it; a plain record for Jackson. */
public record UsageHourRecord(
        String hour,
        String keyId,
        String accountId,
        String model,
        long requests,
        long inputTokens,
        long outputTokens,
        long cacheWriteTokens,
        long cacheReadTokens,
        long cacheWrite1hTokens,
        long reasoningTokens,
        double costUsd) {

    public static UsageHourRecord of(HourlyUsage usage) {
        TokenUsage tokens = usage.tokens();
        return new UsageHourRecord(usage.hour().toString(), usage.keyId(), usage.accountId().orElse(null),
                usage.model(), usage.requests(), tokens.inputTokens(), tokens.outputTokens(),
                tokens.cacheWriteTokens(), tokens.cacheReadTokens(), tokens.cacheWrite1hTokens(),
                tokens.reasoningTokens(), usage.costUsd());
    }

    /** The hour this record holds; {@code source} names where it was read, for errors. */
    public HourlyUsage toHourlyUsage(String source) {
        try {
            return new HourlyUsage(StoredValues.instant(source, hour), keyId, Optional.ofNullable(accountId), model,
                    requests, new TokenUsage(inputTokens, outputTokens, cacheWriteTokens, cacheReadTokens,
                            cacheWrite1hTokens, reasoningTokens), costUsd);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw StoredValues.invalid(source, "a usage hour is incomplete or negative: " + e.getMessage());
        }
    }
}
