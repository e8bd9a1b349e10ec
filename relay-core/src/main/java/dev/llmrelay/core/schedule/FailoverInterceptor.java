package dev.llmrelay.core.schedule;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.account.AccountLease;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountQuery;
import dev.llmrelay.api.account.AccountSelection;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.chain.RelayOutcome.UpstreamFailed;
import dev.llmrelay.core.event.RelayEventListener.LeaseKind;
import dev.llmrelay.core.event.UpstreamFailure;
import dev.llmrelay.core.key.ClientRecognizer;
import dev.llmrelay.core.store.Unavailability;
import dev.llmrelay.core.translate.Translators;
import dev.llmrelay.core.translate.UpstreamPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses an account for the request and, while nothing has reached the client, moves to the next account
 * when one fails: the failed account is excluded from this request and, by the {@link AccountHealthRules}
 * and its circuit, parked for others; up to {@code maxAttempts} accounts in all.
 */
public final class FailoverInterceptor implements RelayInterceptor {
    /** The client id of a request no known client sent: it may use no Claude subscription account. */
    static final String UNKNOWN_CLIENT = "unknown";
    private static final Logger log = LoggerFactory.getLogger(FailoverInterceptor.class);

    private final AccountPool pool;
    private final AccountHealthRules healthRules;
    private final AccountCircuits circuits;
    private final ModelFamilyLimits familyLimits = new ModelFamilyLimits();
    private final SessionKeys sessions;
    private final Translators translators;
    private final ClientRecognizer clients = new ClientRecognizer();
    private final Clock clock;
    private final RetryPolicy<RelayOutcome> retryPolicy;

    public FailoverInterceptor(AccountPool pool, AccountHealthRules healthRules, SessionKeys sessions,
                               Translators translators, Clock clock, int maxAttempts) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.healthRules = Objects.requireNonNull(healthRules, "healthRules");
        this.circuits = new AccountCircuits(healthRules);
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.translators = Objects.requireNonNull(translators, "translators");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.retryPolicy = RetryPolicy.<RelayOutcome>builder()
                .handleResultIf(outcome -> outcome instanceof UpstreamFailed)
                .abortOn(Throwable.class)
                .withMaxAttempts(maxAttempts)
                .onRetry(event -> log.info("moving to the next account after attempt {} failed",
                        event.getAttemptCount()))
                .build();
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        RelayKey key = call.requireKey().key();
        Set<Protocol> protocols = protocolsFor(call);
        Map<String, Instant> familyLimited = familyLimits.limitedFor(call.inspected().model(), clock.instant());
        var query = new AccountQuery(platformsFor(call, protocols), protocols, call.inspected().model(),
                key.boundAccountId(), key.boundGroup(), sessions.sessionOf(call), familyLimited.keySet(),
                Optional.of(clients.recognise(call.request().headers()).orElse(UNKNOWN_CLIENT)));
        var attempts = new Attempts(familyLimited);
        RelayOutcome outcome = Failsafe.with(retryPolicy).get(() -> attempt(chain, call, query, attempts));
        if (outcome instanceof UpstreamFailed failed) {
            return new RelayOutcome.Refused(RelayError.retryable(ErrorKind.OVERLOADED,
                    "every account tried failed; the last one: " + describe(failed),
                    attempts.retryAfter(healthRules.overloadCooldown())));
        }
        return outcome;
    }

    /**
     * The protocols the request can be served in: its own, and for a generation call those a translator
     * reaches.
     */
    private Set<Protocol> protocolsFor(RelayCall call) {
        Protocol client = call.route().clientProtocol();
        return UpstreamPlan.isGeneration(call.route().operation(), call.parameters())
                ? translators.servableFrom(client) : Set.of(client);
    }

    /**
     * The platforms that may serve the request: the route's own; for a generation call with translators, any
     * platform but Droid, whose accounts serve only the Droid routes (the protocol decides the rest).
     */
    private static Set<Platform> platformsFor(RelayCall call, Set<Protocol> protocols) {
        if (call.route().service() == Service.DROID || protocols.size() == 1) {
            return call.route().platforms();
        }
        return EnumSet.complementOf(EnumSet.of(Platform.DROID));
    }

    private RelayOutcome attempt(Chain chain, RelayCall call, AccountQuery query, Attempts attempts) {
        AccountQuery remaining = query;
        for (String failed : attempts.failedAccountIds) {
            remaining = remaining.excluding(failed);
        }
        return switch (pool.acquire(remaining)) {
            case AccountSelection.Unavailable unavailable -> unavailable(unavailable, query.model(), attempts,
                    clock.instant());
            case AccountSelection.Leased leased -> {
                call.events().leaseTaken(LeaseKind.ACCOUNT);
                try (AccountLease lease = leased.lease()) {
                    RelayOutcome outcome = chain.proceed(call.withAccount(lease));
                    String accountId = lease.account().id();
                    if (outcome instanceof UpstreamFailed failed && failed.limitedFamily().isPresent()) {
                        limitFamily(lease.account().id(), failed, attempts);
                        call.events().upstreamFailed(UpstreamFailure.of(failed));
                    } else if (outcome instanceof UpstreamFailed failed) {
                        Instant now = clock.instant();
                        Optional<AccountStatus> status = circuits.failed(accountId, failed, now);
                        attempts.failed(accountId, failed,
                                status.flatMap(AccountStatus::until).map(until -> Duration.between(now, until)));
                        status.ifPresent(parked -> pool.updateStatus(accountId, parked));
                        call.events().upstreamFailed(UpstreamFailure.of(failed));
                        log.warn("account {} failed before the answer started: {} {}", accountId, describe(failed),
                                failed.detail());
                    } else if (outcome instanceof RelayOutcome.Answered answered && answered.brokeOff().isPresent()) {
                        // too late to move the request, but the account's health hears of it like any failure
                        UpstreamFailed brokeOff = answered.brokeOff().get();
                        circuits.failed(accountId, brokeOff, clock.instant())
                                .ifPresent(parked -> pool.updateStatus(accountId, parked));
                        log.warn("account {} failed after the answer started: {} {}", accountId, describe(brokeOff),
                                brokeOff.detail());
                    } else {
                        circuits.succeeded(accountId);
                    }
                    yield outcome;
                } finally {
                    call.events().leaseReleased(LeaseKind.ACCOUNT);
                }
            }
        };
    }

    /**
     * Parks the account for the limited family's models alone: the rest of the pool's requests still use it, and
     * its status stays as it was.
     */
    private void limitFamily(String accountId, UpstreamFailed failed, Attempts attempts) {
        Instant now = clock.instant();
        String family = failed.limitedFamily().orElseThrow();
        Duration wait = healthRules.rateLimitWait(failed);
        familyLimits.limit(accountId, family, now.plus(wait));
        attempts.failed(accountId, failed, Optional.of(wait));
        log.warn("account {} reached its limit for {} models until {}; it still serves other models",
                accountId, family, now.plus(wait));
    }

    private static RelayOutcome unavailable(AccountSelection.Unavailable unavailable, String model, Attempts attempts,
                                            Instant now) {
        if (attempts.lastFailure == null && !attempts.familyLimited.isEmpty() && unavailable.anyMatching()) {
            return new RelayOutcome.Refused(RelayError.retryable(ErrorKind.OVERLOADED,
                    "no account is available now for model " + model + ": " + attempts.familyLimited.size()
                            + " reached the upstream's limit for this family of models; " + unavailable.reason(),
                    attempts.retryAfterFamilyLimits(unavailable.retryAfter(), now)));
        }
        if (attempts.lastFailure != null) {
            return new RelayOutcome.Refused(RelayError.retryable(ErrorKind.OVERLOADED,
                    "every available account failed; the last one: " + describe(attempts.lastFailure),
                    attempts.retryAfter(unavailable.retryAfter())));
        }
        if (unavailable.notForThisClient()) {
            return new RelayOutcome.Refused(RelayError.of(ErrorKind.PERMISSION, unavailable.reason()));
        }
        if (!unavailable.anyMatching()) {
            return new RelayOutcome.Refused(RelayError.of(ErrorKind.NOT_FOUND,
                    "no account of this relay serves model " + model));
        }
        return new RelayOutcome.Refused(RelayError.retryable(ErrorKind.OVERLOADED,
                "no account is available now: " + unavailable.reason(), unavailable.retryAfter()));
    }

    /** The accounts one request has tried and seen fail, and when the first of them frees again. */
    private static final class Attempts {
        private final Set<String> failedAccountIds = new HashSet<>();
        /** Accounts skipped from the start: limited for the model's family, each until when. */
        private final Map<String, Instant> familyLimited;
        private UpstreamFailed lastFailure;
        private Duration earliestFree;

        Attempts(Map<String, Instant> familyLimited) {
            this.familyLimited = familyLimited;
        }

        void failed(String accountId, UpstreamFailed failure, Optional<Duration> freesIn) {
            failedAccountIds.add(accountId);
            lastFailure = failure;
            freesIn.filter(wait -> earliestFree == null || wait.compareTo(earliestFree) < 0)
                    .ifPresent(wait -> earliestFree = wait);
        }

        /**
         * When the first family-limited account frees, or the pool's own wait when that is sooner and known (the
         * pool knows nothing of family limits: without other reasons its wait is only a default).
         */
        Duration retryAfterFamilyLimits(Duration poolWait, Instant now) {
            Instant firstFree = familyLimited.values().stream().min(Instant::compareTo).orElseThrow();
            Duration familyWait = Duration.between(now, firstFree);
            Duration wait = poolWait.equals(Unavailability.DEFAULT_RETRY_AFTER) || poolWait.compareTo(familyWait) > 0
                    ? familyWait : poolWait;
            return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
        }

        /** The sooner of {@code otherwise} and the first failed account's return, at least a second. */
        Duration retryAfter(Duration otherwise) {
            Duration soonest = earliestFree != null && earliestFree.compareTo(otherwise) < 0 ? earliestFree : otherwise;
            return soonest.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : soonest;
        }
    }

    /** The failure as the client may see it: status and error type, never the upstream's own message. */
    private static String describe(UpstreamFailed failed) {
        String status = failed.status() == 0 ? "no answer" : "HTTP " + failed.status();
        return failed.errorType().isEmpty() ? status : status + " " + failed.errorType();
    }
}
