package dev.llmrelay.core.chain;

import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.usage.TokenUsage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How a request ended, as each step reports it to the one before. */
public sealed interface RelayOutcome {

    /**
     * An answer reached the client (or began to): a success, an upstream error passed through, or a stream
     * that broke off. Nothing more may be sent.
     *
     * @param complete false when the stream ended early (upstream failure or client gone)
     * @param brokeOff the upstream's failure that cut a started answer (its connection broke, it went silent, it
     *     sent a malformed or an error event), for the account's health; empty when the upstream did not fail
     */
    record Answered(int status, Optional<Account> account, String upstreamModel, TokenUsage usage,
                    Optional<Duration> timeToFirstByte, boolean complete, Optional<UpstreamFailed> brokeOff)
            implements RelayOutcome {
        public Answered {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(upstreamModel, "upstreamModel");
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(timeToFirstByte, "timeToFirstByte");
            Objects.requireNonNull(brokeOff, "brokeOff");
        }

        /** An answer the upstream did not cut: complete, or left by its client. */
        public Answered(int status, Optional<Account> account, String upstreamModel, TokenUsage usage,
                        Optional<Duration> timeToFirstByte, boolean complete) {
            this(status, account, upstreamModel, usage, timeToFirstByte, complete, Optional.empty());
        }
    }

    /** Refused before anything was sent; the engine renders the error in the client's protocol. */
    record Refused(RelayError error) implements RelayOutcome {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The account failed before anything reached the client, so another account may still serve.
     *
     * @param status the upstream's HTTP status, or 0 when no answer came (connect failure, early end)
     * @param errorType the error type the upstream named, when it named one (also inside a 200 stream)
     * @param retryAfter when the upstream said it may be asked again, from its headers or error body
     * @param limitedFamily the family of models ({@code opus}, {@code sonnet}, ...) a rate limit concerns, when
     *     the upstream says it limits that family alone: the account still serves other models
     */
    record UpstreamFailed(Account account, int status, String errorType, String detail, Optional<Duration> retryAfter,
                          Optional<String> limitedFamily)
            implements RelayOutcome {
        public UpstreamFailed {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(errorType, "errorType");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(limitedFamily, "limitedFamily");
        }

        /** A failure that concerns the whole account. */
        public UpstreamFailed(Account account, int status, String errorType, String detail,
                              Optional<Duration> retryAfter) {
            this(account, status, errorType, detail, retryAfter, Optional.empty());
        }

        /** A failure with no answer at all: a refused connection, a timeout, a stream that ended empty. */
        public static UpstreamFailed noAnswer(Account account, String detail) {
            return new UpstreamFailed(account, 0, "", detail, Optional.empty());
        }
    }
}
