package dev.llmrelay.core.exchange;

import java.io.IOException;

/**
 * Where the engine writes a client's answer; the host adapts its HTTP response to it. The answer is either
 * whole ({@link #send}) or a stream ({@link #startStream}, {@link #writeEvent} per event, {@link #endStream}).
 * An {@link IOException} from any method means the client is gone.
 */
public interface ResponseChannel {

    /** Sends a whole answer and completes the response. */
    void send(int status, Headers headers, byte[] body) throws IOException;

    /** Commits the status and headers of a streamed answer. */
    void startStream(int status, Headers headers) throws IOException;

    /** Writes one whole event and flushes it to the client. */
    void writeEvent(byte[] event) throws IOException;

    /** Completes a streamed answer. */
    void endStream() throws IOException;

    /** Whether the status line has been sent, so that an error can no longer be an HTTP status. */
    boolean isCommitted();
}
