package dev.llmrelay.api;

/**
 * Thrown by an SPI implementation whose backing store (a Redis, a database) cannot be reached now. The engine
 * answers the request with a 503 in the client's protocol and a short {@code retry-after}, and logs one line
 * instead of a stack trace: an outage is an operational state, not a bug.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
