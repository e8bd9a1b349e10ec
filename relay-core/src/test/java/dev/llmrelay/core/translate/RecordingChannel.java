package dev.llmrelay.core.translate;

import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A response channel that keeps what the engine sent, for tests without an HTTP server. */
final class RecordingChannel implements ResponseChannel {
    int status;
    Headers headers = Headers.empty();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final List<String> events = new ArrayList<>();
    boolean committed;

    @Override
    public void send(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body.writeBytes(body);
        committed = true;
    }

    @Override
    public void startStream(int status, Headers headers) {
        this.status = status;
        this.headers = headers;
        committed = true;
    }

    @Override
    public void writeEvent(byte[] event) {
        events.add(new String(event, StandardCharsets.UTF_8));
    }

    @Override
    public void endStream() {
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
