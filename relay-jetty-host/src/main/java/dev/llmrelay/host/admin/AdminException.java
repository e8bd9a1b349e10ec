package dev.llmrelay.host.admin;

import java.util.Optional;

/** An admin request that cannot be served, with the status and error type the operator gets. */
final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String allowedMethods;

    AdminException(int status, String type, String message) {
        this(status, type, message, null);
    }

    private AdminException(int status, String type, String message, String allowedMethods) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.allowedMethods = allowedMethods;
    }

    static AdminException invalid(String message) {
        return new AdminException(400, "invalid_request_error", message);
    }

    static AdminException notFound(String message) {
        return new AdminException(404, "not_found_error", message);
    }

    /** A 405, which carries the {@code Allow} header HTTP requires with it. */
    static AdminException methodNotAllowed(String method, String allowedMethods) {
        return new AdminException(405, "invalid_request_error",
                method + " is not allowed here; use " + allowedMethods, allowedMethods);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** The methods the path answers, for a 405's {@code Allow} header. */
    Optional<String> allowedMethods() {
        return Optional.ofNullable(allowedMethods);
    }
}
