package dev.llmrelay.core.event;

/**
 * Hears what happens to client requests on their way through the relay, for metrics and access logs. Every
 * request the engine takes gets one {@link #requestStarted} and, once its answer has ended however it ended,
 * exactly one {@link #requestEnded}; in between, leases taken are released, a stream opened is closed, and each
 * upstream failure is reported.
 *
 * <p>Hooks run on the request's own thread, so they must be fast and must not block. One that throws is logged
 * and ignored: an observer's failure is never the client's. Every hook does nothing by default.
 */
public interface RelayEventListener {

    /** A listener that hears nothing. */
    RelayEventListener NONE = new RelayEventListener() {
    };

    /** The engine took a request for {@code route} (a {@link RequestEnded#route()} name). */
    default void requestStarted(String route) {
    }

    /** A request's answer has ended: what it was, who asked, which account served, what it used. */
    default void requestEnded(RequestEnded request) {
    }

    /** An account's upstream failed this request, before its answer started or in the middle of a stream. */
    default void upstreamFailed(UpstreamFailure failure) {
    }

    /** A key or account lease was taken for a request. */
    default void leaseTaken(LeaseKind kind) {
    }

    /** A lease taken for a request was given back. */
    default void leaseReleased(LeaseKind kind) {
    }

    /** A streamed answer's status line went to the client. */
    default void streamOpened() {
    }

    /** A streamed answer ended: completed, cut by an upstream failure, or left by its client. */
    default void streamClosed() {
    }

    /** The two kinds of lease a request holds while it runs. */
    enum LeaseKind {
        /** The key's concurrency slot, from admission to the end of the answer. */
        KEY,
        /** The account's concurrency slot, from the account choice to the end of the answer. */
        ACCOUNT
    }
}
