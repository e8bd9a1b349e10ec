package dev.llmrelay.core.usage;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.api.usage.UsageRecord;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one {@link UsageRecord} per admitted request when its answer has ended, however it ended:
 * tokens used (so far, for a stream cut short), the account that served, status, latency and time to first
 * byte; and settles the same tokens and cost on the key's lease, for its token and cost limits. A meter or
 * policy that fails is logged, never the client's problem.
 */
public final class UsageRecordingInterceptor implements RelayInterceptor {
    private static final Logger log = LoggerFactory.getLogger(UsageRecordingInterceptor.class);

    private final UsageMeter meter;
    private final CostCalculator costs;

    public UsageRecordingInterceptor(UsageMeter meter, CostCalculator costs) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.costs = Objects.requireNonNull(costs, "costs");
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        RelayOutcome outcome = chain.proceed(call);
        UsageRecord record = recordOf(call, outcome);
        call.events().usageRecorded(record);
        try {
            call.requireKey().settle(record.tokens(), record.costUsd());
        } catch (RuntimeException e) {
            log.error("the key policy failed to count this request's spend", e);
        }
        try {
            meter.record(record);
        } catch (RuntimeException e) {
            log.error("the usage meter failed; this request's usage is lost", e);
        }
        return outcome;
    }

    private UsageRecord recordOf(RelayCall call, RelayOutcome outcome) {
        Duration latency = Duration.ofNanos(System.nanoTime() - call.startNanos());
        String keyId = call.requireKey().key().id();
        String model = call.inspected().model();
        return switch (outcome) {
            case RelayOutcome.Answered answered -> {
                String billedModel = answered.upstreamModel().isEmpty() ? model : answered.upstreamModel();
                yield new UsageRecord(call.startedAt(), keyId, answered.account().map(Account::id),
                        answered.account().map(Account::platform), billedModel, answered.usage(),
                        costs.costUsd(billedModel, answered.usage()), answered.status(), call.inspected().stream(),
                        latency, answered.timeToFirstByte());
            }
            case RelayOutcome.Refused refused -> new UsageRecord(call.startedAt(), keyId, Optional.empty(),
                    Optional.empty(), model, TokenUsage.ZERO, 0.0, statusOf(refused),
                    call.inspected().stream(), latency, Optional.empty());
            case RelayOutcome.UpstreamFailed failed -> new UsageRecord(call.startedAt(), keyId,
                    Optional.of(failed.account().id()), Optional.of(failed.account().platform()), model,
                    TokenUsage.ZERO, 0.0, 502, call.inspected().stream(), latency, Optional.empty());
        };
    }

    private static int statusOf(RelayOutcome.Refused refused) {
        return refused.error().kind().httpStatus();
    }
}
