package dev.llmrelay.api;

/**
 * What went wrong, independent of the protocol the client speaks; each protocol's renderer maps it to its
 * own error type and the HTTP status below.
 */
public enum ErrorKind {
    /** Malformed JSON, a missing or invalid field, something the target protocol cannot express. */
    INVALID_REQUEST(400),
    /** No relay key, or an unknown, disabled or expired one. */
    AUTHENTICATION(401),
    /** The key may not use this service, model or client. */
    PERMISSION(403),
    /** No such route or resource. */
    NOT_FOUND(404),
    /** The client sent its request body too slowly. */
    REQUEST_TIMEOUT(408),
    /** The request body is over the relay's limit. */
    REQUEST_TOO_LARGE(413),
    /** A limit of the key was reached. */
    RATE_LIMITED(429),
    /** The relay itself failed. */
    INTERNAL(500),
    /** The upstream failed in a way the relay could not recover from. */
    UPSTREAM(502),
    /** The relay cannot serve now (shutting down, its store unreachable). */
    UNAVAILABLE(503),
    /** Every account that could serve the request is unavailable. */
    OVERLOADED(529);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status an Anthropic client gets for this kind; other protocols may adjust it (529 → 503). */
    public int httpStatus() {
        return httpStatus;
    }
}
