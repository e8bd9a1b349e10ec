package dev.llmrelay.core.store;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Usage records for store tests. */
public final class TestUsage {
    private TestUsage() {
    }

    /** One finished request: 10 input, 20 output, 3 cache-write and 4 cache-read tokens, costing 0.25 USD. */
    public static UsageRecord record(String at, String keyId, String accountId, String model) {
        return record(Instant.parse(at), keyId, Optional.ofNullable(accountId), model);
    }

    public static UsageRecord record(Instant at, String keyId, Optional<String> accountId, String model) {
        return new UsageRecord(at, keyId, accountId, accountId.map(id -> Platform.CLAUDE), model,
                TokenUsage.of(10, 20, 3, 4), 0.25, 200, true, Duration.ofMillis(850),
                Optional.of(Duration.ofMillis(300)));
    }
}
