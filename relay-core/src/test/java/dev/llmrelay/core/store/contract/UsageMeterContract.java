package dev.llmrelay.core.store.contract;

import static dev.llmrelay.core.store.TestUsage.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageDimension;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageTotal;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store's {@code UsageMeter} does, whichever store it is: extend it with a way to open the
 * store (see the memory, embedded and Redis stores' tests).
 */
public abstract class UsageMeterContract {
    private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

    protected final MutableClock clock = MutableClock.at("2026-12-03T00:00:00Z");
    private RelayStore store;
    private UsageMeter meter;

    /** Opens an empty store of the kind under test, on this clock. */
    protected abstract RelayStore openStore(MutableClock clock);

    @BeforeEach
    public void openTheStore() {
        store = openStore(clock);
        meter = store.usage();
        recordSomeRequests();
    }

    @AfterEach
    public void closeTheStore() {
        store.close();
    }

    private void recordSomeRequests() {
        meter.record(record("2026-11-23T14:05:00Z", "alice", "acct-1", "claude-sonnet-4-5"));
        meter.record(record("2026-11-23T14:55:00Z", "alice", "acct-2", "claude-sonnet-4-5"));
        meter.record(record("2026-11-23T15:01:00Z", "alice", "acct-1", "claude-haiku-4-5"));
        meter.record(record("2026-11-23T15:30:00Z", "bob", null, "claude-sonnet-4-5"));
        meter.record(record("2026-11-24T09:00:00Z", "bob", "acct-1", "claude-sonnet-4-5"));
        meter.record(record("2026-12-02T09:00:00Z", "alice", "acct-1", "claude-sonnet-4-5"));
    }

    @Test
    public void totalsByKeyPerHour() {
        List<UsageTotal> totals = meter.totals(query(UsageDimension.KEY, Granularity.HOUR));

        assertThat(totals).extracting(UsageTotal::period, UsageTotal::group, UsageTotal::requests).containsExactly(
                tuple("2026-11-23T14", "alice", 2L),
                tuple("2026-11-23T15", "alice", 1L),
                tuple("2026-11-23T15", "bob", 1L),
                tuple("2026-11-24T09", "bob", 1L),
                tuple("2026-12-02T09", "alice", 1L));
        UsageTotal first = totals.get(0);
        assertThat(first.tokens()).isEqualTo(TokenUsage.of(20, 40, 6, 8));
        assertThat(first.costUsd()).isEqualTo(0.5);
    }

    @Test
    public void totalsByAccountPerDaySkipRequestsThatReachedNoAccount() {
        List<UsageTotal> totals = meter.totals(query(UsageDimension.ACCOUNT, Granularity.DAY));

        assertThat(totals).extracting(UsageTotal::period, UsageTotal::group, UsageTotal::requests).containsExactly(
                tuple("2026-11-23", "acct-1", 2L),
                tuple("2026-11-23", "acct-2", 1L),
                tuple("2026-11-24", "acct-1", 1L),
                tuple("2026-12-02", "acct-1", 1L));
    }

    @Test
    public void totalsByModelPerMonth() {
        List<UsageTotal> totals = meter.totals(query(UsageDimension.MODEL, Granularity.MONTH));

        assertThat(totals).extracting(UsageTotal::period, UsageTotal::group, UsageTotal::requests).containsExactly(
                tuple("2026-11", "claude-haiku-4-5", 1L),
                tuple("2026-11", "claude-sonnet-4-5", 4L),
                tuple("2026-12", "claude-sonnet-4-5", 1L));
        assertThat(totals.get(1).costUsd()).isEqualTo(1.0);
    }

    @Test
    public void totalsCoverTheHoursFromTheStartOfFromsHourUpToTo() {
        UsageQuery query = new UsageQuery(UsageDimension.KEY, Granularity.DAY,
                Instant.parse("2026-11-23T14:59:00Z"), Instant.parse("2026-11-23T15:00:00Z"), Optional.empty());

        List<UsageTotal> totals = meter.totals(query);

        assertThat(totals).singleElement().satisfies(total -> {
            assertThat(total.group()).isEqualTo("alice");
            assertThat(total.period()).isEqualTo("2026-11-23");
            assertThat(total.requests()).isEqualTo(2);
        });
    }

    @Test
    public void totalsForOneGroupOnly() {
        UsageQuery query = new UsageQuery(UsageDimension.KEY, Granularity.MONTH, FROM, TO, Optional.of("bob"));

        assertThat(meter.totals(query)).extracting(UsageTotal::group, UsageTotal::requests)
                .containsExactly(tuple("bob", 2L));
    }

    @Test
    public void recordsFromManyThreadsAreAllCounted() throws Exception {
        int threads = 16;
        int perThread = 1_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(executor.submit(() -> {
                    start.await();
                    for (int n = 0; n < perThread; n++) {
                        meter.record(record("2026-11-23T14:05:00Z", "carol", "acct-1", "claude-sonnet-4-5"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }

        UsageTotal total = meter.totals(new UsageQuery(UsageDimension.KEY, Granularity.DAY, FROM, TO,
                Optional.of("carol"))).get(0);
        assertThat(total.requests()).isEqualTo(threads * perThread);
        assertThat(total.tokens().inputTokens()).isEqualTo(10L * threads * perThread);
        assertThat(total.costUsd()).isCloseTo(0.25 * threads * perThread, within(1e-6));
    }

    private static UsageQuery query(UsageDimension by, Granularity granularity) {
        return new UsageQuery(by, granularity, FROM, TO, Optional.empty());
    }
}
