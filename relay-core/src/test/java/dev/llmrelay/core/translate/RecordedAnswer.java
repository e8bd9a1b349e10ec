package dev.llmrelay.core.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.sse.SseReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the engine answered a client: a status and a body, or a stream read back as the client reads it. */
public final class RecordedAnswer implements ResponseChannel {
    private static final ObjectMapper JSON = new ObjectMapper();

    public int status;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    private boolean committed;

    @Override
    public void send(int status, Headers headers, byte[] body) {
        this.status = status;
        this.body.writeBytes(body);
        committed = true;
    }

    @Override
    public void startStream(int status, Headers headers) {
        this.status = status;
        committed = true;
    }

    @Override
    public void writeEvent(byte[] event) {
        stream.writeBytes(event);
    }

    @Override
    public void endStream() {
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    /** The whole answer's body as JSON. */
    public JsonNode json() {
        return parse(body.toString(StandardCharsets.UTF_8));
    }

    /** The streamed events, parsed as a client parses them, pings left out. */
    public List<SseEvent> events() {
        byte[] written = stream.toByteArray();
        return new SseReader().feed(written, 0, written.length).stream().filter(event -> !event.is("ping")).toList();
    }

    /** The event names of the stream, {@code ""} for events without one. */
    public List<String> eventNames() {
        return events().stream().map(event -> event.event().orElse("")).toList();
    }

    /** The data of each streamed event as JSON; {@code [DONE]} as the string "[DONE]". */
    public List<JsonNode> eventData() {
        return events().stream()
                .map(event -> event.data().equals("[DONE]") ? JSON.getNodeFactory().textNode("[DONE]") : parse(event.data()))
                .toList();
    }

    /** The whole answer's body as text. */
    public String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
