package dev.llmrelay.core.event;

import dev.llmrelay.api.Platform;
import dev.llmrelay.core.chain.RelayOutcome.UpstreamFailed;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An account's upstream failing one request.
 *
 * @param status the upstream's HTTP status; 0 when none came
 */
public record UpstreamFailure(String accountId, Platform platform, Kind kind, int status) {

    public UpstreamFailure {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(kind, "kind");
    }

    /** What went wrong, in the few words a dashboard groups by. */
    public enum Kind {
        /** A 429, or a rate-limit or quota error in any answer. */
        RATE_LIMITED,
        /** A 529, or an overloaded error in any answer. */
        OVERLOADED,
        /** A 401 or 403: the account's credential was refused. */
        UNAUTHORIZED,
        /** Another 5xx, or a 408. */
        SERVER_ERROR,
        /** No answer: the connection failed, was reset or timed out, or a stream ended before its first event. */
        NO_ANSWER,
        /** A 200 that was no usable answer: an error event before the first one, or a body that is not the protocol's. */
        BAD_ANSWER,
        /** A started stream broke off: the connection failed, or an event could not be read or translated. */
        BROKE_MID_STREAM;

        /** The label spelling: {@code rate_limited}, {@code broke_mid_stream}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Set<String> RATE_LIMIT_TYPES =
            Set.of("rate_limit_error", "rate_limit_exceeded", "insufficient_quota", "RESOURCE_EXHAUSTED");

    /** The failure failover saw before the answer started. */
    public static UpstreamFailure of(UpstreamFailed failed) {
        int status = failed.status();
        Kind kind;
        if (status == 429 || RATE_LIMIT_TYPES.contains(failed.errorType())) {
            kind = Kind.RATE_LIMITED;
        } else if (status == 529 || "overloaded_error".equals(failed.errorType())) {
            kind = Kind.OVERLOADED;
        } else if (status == 401 || status == 403) {
            kind = Kind.UNAUTHORIZED;
        } else if (status == 0) {
            kind = Kind.NO_ANSWER;
        } else if (status >= 200 && status < 300) {
            kind = Kind.BAD_ANSWER;
        } else {
            kind = Kind.SERVER_ERROR;
        }
        return new UpstreamFailure(failed.account().id(), failed.account().platform(), kind, status);
    }
}
