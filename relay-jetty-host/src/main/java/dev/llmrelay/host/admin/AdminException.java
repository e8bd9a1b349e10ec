package dev.llmrelay.host.admin;

/** An admin request that cannot be served, with the status and error type the operator gets. */
final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;

    AdminException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static AdminException invalid(String message) {
        return new AdminException(400, "invalid_request_error", message);
    }

    static AdminException notFound(String message) {
        return new AdminException(404, "not_found_error", message);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }
}
