package dev.llmrelay.core.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrelay.api.protocol.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseWriterTest {

    private final SseWriter writer = new SseWriter();

    @Test
    void writesTypeDataAndBlankLineWithTheSpaceClientsNeed() {
        byte[] bytes = writer.encode(SseEvent.of("message_stop", "{\"type\":\"message_stop\"}"));

        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(new String(writer.encode(SseEvent.data("[DONE]")), StandardCharsets.UTF_8))
                .isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void eventsRoundTripThroughTheReader() {
        List<SseEvent> written = List.of(
                new SseEvent(Optional.of("update"), "first line\nsecond line\n\n  indented\n", Optional.of("42")),
                SseEvent.data(""),
                SseEvent.data(" leading space"),
                new SseEvent(Optional.of(" spaced type"), "caf\u00e9 \uD83D\uDE00", Optional.of("")),
                SseEvent.of("message_start", "{\"type\":\"message_start\"}"));
        SseReader reader = new SseReader();
        List<SseEvent> read = new ArrayList<>();
        for (SseEvent event : written) {
            byte[] bytes = writer.encode(event);
            read.addAll(reader.feed(bytes, 0, bytes.length));
        }

        // The reader carries the last id into events written without one.
        assertThat(read).containsExactly(
                written.get(0),
                new SseEvent(Optional.empty(), "", Optional.of("42")),
                new SseEvent(Optional.empty(), " leading space", Optional.of("42")),
                written.get(3),
                new SseEvent(Optional.of("message_start"), "{\"type\":\"message_start\"}", Optional.of("")));
    }

    @Test
    void carriageReturnsInDataReadBackAsLineFeeds() {
        byte[] bytes = writer.encode(SseEvent.data("a\r\nb\rc\n"));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("data: a\ndata: b\ndata: c\ndata: \n\n");
        assertThat(new SseReader().feed(bytes, 0, bytes.length)).containsExactly(SseEvent.data("a\nb\nc\n"));
    }

    @Test
    void commentsRoundTripAsKeepAlives() {
        byte[] bytes = writer.encodeComment(" keep-alive");
        List<String> comments = new ArrayList<>();

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(": keep-alive\n\n");
        assertThat(new SseReader(comments::add).feed(bytes, 0, bytes.length)).isEmpty();
        assertThat(comments).containsExactly(" keep-alive");
    }

    @Test
    void refusesTypesAndIdsThatWouldBreakTheFraming() {
        assertThatThrownBy(() -> writer.encode(SseEvent.of("a\nb", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.encode(new SseEvent(Optional.empty(), "x", Optional.of("1\r"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.encode(new SseEvent(Optional.empty(), "x", Optional.of("1\u0000"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
