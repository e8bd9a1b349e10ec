package dev.llmrelay.core.store.memory;

import static dev.llmrelay.core.store.TestUsage.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageDimension;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageTotal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemoryUsageMeterTest {
    private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

    private final MemoryUsageMeter meter = new MemoryUsageMeter();

    @BeforeEach
    void recordSomeRequests() {
        meter.record(record("2026-11-23T14:05:00Z", "alice", "acct-1", "claude-sonnet-4-5"));
        meter.record(record("2026-11-23T14:55:00Z", "alice", "acct-2", "claude-sonnet-4-5"));
        meter.record(record("2026-11-23T15:01:00Z", "alice", "acct-1", "claude-haiku-4-5"));
        meter.record(record("2026-11-23T15:30:00Z", "bob", null, "claude-sonnet-4-5"));
        meter.record(record("2026-11-24T09:00:00Z", "bob", "acct-1", "claude-sonnet-4-5"));
        meter.record(record("2026-12-02T09:00:00Z", "alice", "acct-1", "claude-sonnet-4-5"));
    }

    @Test
    void hourlyUsageRestoredIntoAnotherMeterGivesTheSameTotals() {
        MemoryUsageMeter restored = new MemoryUsageMeter();
        meter.hourlyUsage().forEach(restored::add);

        for (UsageDimension by : UsageDimension.values()) {
            UsageQuery hourly = query(by, Granularity.HOUR);
            assertThat(restored.totals(hourly)).isEqualTo(meter.totals(hourly));
        }
    }

    private static UsageQuery query(UsageDimension by, Granularity granularity) {
        return new UsageQuery(by, granularity, FROM, TO, Optional.empty());
    }
}
