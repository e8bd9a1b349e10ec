package dev.llmrelay.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.UsageDimension;
import dev.llmrelay.api.usage.UsageQuery;
import dev.llmrelay.api.usage.UsageTotal;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.TestUsage;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Usage a node has queued but not yet sent reaches Redis when the node stops normally. */
class RedisUsageAtStopTest {
    private final MutableClock clock = MutableClock.at("2026-11-25T14:00:00Z");
    private final TestRedis redis = TestRedis.shared();
    private final String prefix = TestRedis.newPrefix();
    private final CredentialCipher cipher = CredentialCipher.random();

    @Test
    void aStoppingNodeSendsTheUsageItStillHolds() {
        RedisStore.Options hourlyFlush = new RedisStore.Options(prefix, Duration.ofSeconds(60), Duration.ofHours(1));
        RedisStore stopping = RedisStore.open(redis.client(), cipher, clock, hourlyFlush);
        for (int i = 0; i < 25; i++) {
            stopping.usage().record(TestUsage.record(clock.instant(), "alice", Optional.of("acct-1"), "claude-sonnet-4-5"));
        }

        stopping.close();

        try (RedisStore another = RedisStore.open(redis.client(), cipher, clock, hourlyFlush)) {
            List<UsageTotal> totals = another.usage().totals(new UsageQuery(UsageDimension.KEY, Granularity.DAY,
                    clock.instant().minus(Duration.ofDays(1)), clock.instant().plus(Duration.ofDays(1)), Optional.empty()));
            assertThat(totals).singleElement().satisfies(total -> assertThat(total.requests()).isEqualTo(25));
        }
    }
}
