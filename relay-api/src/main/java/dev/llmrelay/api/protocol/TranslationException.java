package dev.llmrelay.api.protocol;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;

/** Thrown by a translator when the source holds something the target protocol cannot express. */
public class TranslationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RelayError error;

    public TranslationException(String message) {
        super(message);
        this.error = RelayError.of(ErrorKind.INVALID_REQUEST, message);
    }

    /** The error the client gets, in its own protocol. */
    public RelayError error() {
        return error;
    }
}
