package dev.llmrelay.api.account;

import java.time.Duration;
import java.util.Objects;

/** The outcome of {@link AccountPool#acquire}: an account leased, or why none could be. */
public sealed interface AccountSelection {

    /** An account was chosen and one of its concurrency slots taken. */
    record Leased(AccountLease lease) implements AccountSelection {
        public Leased {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /**
     * No account can serve now.
     *
     * @param retryAfter when the first matching account frees, or a short default when none will by itself
     * @param anyMatching whether any account matches the query at all (false: nothing serves this model)
     * @param notForThisClient true when accounts would serve the model, but none for the requesting client
     *     (Claude subscriptions for a client other than Claude Code)
     */
    record Unavailable(Duration retryAfter, boolean anyMatching, String reason, boolean notForThisClient)
            implements AccountSelection {
        public Unavailable {
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(reason, "reason");
        }

        public Unavailable(Duration retryAfter, boolean anyMatching, String reason) {
            this(retryAfter, anyMatching, reason, false);
        }
    }
}
