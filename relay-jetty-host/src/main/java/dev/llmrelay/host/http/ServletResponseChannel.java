package dev.llmrelay.host.http;

import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Adapts a blocking servlet response to the engine's {@link ResponseChannel}; one flush per event. */
final class ServletResponseChannel implements ResponseChannel {
    private final HttpServletResponse response;
    private ServletOutputStream out;
    private boolean started;

    ServletResponseChannel(HttpServletResponse response) {
        this.response = response;
    }

    @Override
    public void send(int status, Headers headers, byte[] body) throws IOException {
        markStarted();
        response.setStatus(status);
        headers.forEach(response::addHeader);
        response.setContentLength(body.length);
        output().write(body);
        output().flush();
    }

    @Override
    public void startStream(int status, Headers headers) {
        markStarted();
        response.setStatus(status);
        headers.forEach(response::addHeader);
    }

    @Override
    public void writeEvent(byte[] event) throws IOException {
        ServletOutputStream stream = output();
        stream.write(event);
        stream.flush();
    }

    @Override
    public void endStream() throws IOException {
        output().flush();
    }

    @Override
    public boolean isCommitted() {
        return started || response.isCommitted();
    }

    private void markStarted() {
        if (started) {
            throw new IllegalStateException("an answer was already started on this response");
        }
        started = true;
    }

    private ServletOutputStream output() throws IOException {
        if (out == null) {
            out = response.getOutputStream();
        }
        return out;
    }
}
