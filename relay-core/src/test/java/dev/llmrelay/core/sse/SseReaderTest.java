package dev.llmrelay.core.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrelay.api.protocol.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    @Test
    void doneIsAnOrdinaryEvent() {
        List<SseEvent> events = feedAll(new SseReader(), "data: {\"a\":1}\n\ndata: [DONE]\n\n");

        assertThat(events).containsExactly(SseEvent.data("{\"a\":1}"), SseEvent.data("[DONE]"));
    }

    @Test
    void multiByteCharactersSplitBetweenReadsAreDecodedWhole() {
        String text = "h\u00e9llo \u20ac \uD83D\uDE00 \u4e2d\u6587";
        byte[] raw = ("event: t\u00e9\ndata: " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= raw.length; cut++) {
            SseReader reader = new SseReader();
            List<SseEvent> events = new ArrayList<>(reader.feed(raw, 0, cut));
            events.addAll(reader.feed(raw, cut, raw.length - cut));

            assertThat(events).as("split at byte %d", cut).containsExactly(SseEvent.of("t\u00e9", text));
        }
    }

    @Test
    void byteOrderMarkSplitBetweenReadsIsDroppedAtTheStartOnly() {
        byte[] raw = "\uFEFFdata: a\n\ndata: \uFEFFb\n\n\uFEFFdata: c\n\n".getBytes(StandardCharsets.UTF_8);
        SseReader reader = new SseReader();
        List<SseEvent> events = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            events.addAll(reader.feed(raw, i, 1));
        }

        // A later BOM is data, or part of a field name ("\uFEFFdata" is an unknown field).
        assertThat(events).containsExactly(SseEvent.data("a"), SseEvent.data("\uFEFFb"));
    }

    @Test
    void commentsGoToTheListenerAndDispatchNothing() {
        List<String> comments = new ArrayList<>();
        SseReader reader = new SseReader(comments::add);

        List<SseEvent> events = feedAll(reader, ": keep-alive\n\n:\r\ndata: x\n:inside: an event\n\n");

        assertThat(events).containsExactly(SseEvent.data("x"));
        assertThat(comments).containsExactly(" keep-alive", "", "inside: an event");
    }

    @Test
    void lastEventIdPersistsAndAnIdWithNulIsIgnored() {
        List<SseEvent> events = feedAll(new SseReader(),
                "id: 7\ndata: a\n\nid: bad\u0000\ndata: b\n\nid\ndata: c\n\n");

        assertThat(events).extracting(SseEvent::id)
                .containsExactly(Optional.of("7"), Optional.of("7"), Optional.of(""));
    }

    @Test
    void linesLongerThanTheBuffersSurviveAnyCutting() {
        String big = "x".repeat(5000) + "\u00e9".repeat(3000);
        byte[] raw = ("event: " + "e".repeat(700) + "\ndata: " + big + "\ndata: " + big + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
        SseReader reader = new SseReader();
        List<SseEvent> events = new ArrayList<>();
        for (int from = 0; from < raw.length; from += 333) {
            events.addAll(reader.feed(raw, from, Math.min(333, raw.length - from)));
        }

        assertThat(events).containsExactly(SseEvent.of("e".repeat(700), big + "\n" + big));
    }

    @Test
    void readAllDeliversEachEventBeforeReadingFurther() throws IOException {
        List<SseEvent> events = new ArrayList<>();
        List<Integer> eventsSeenAtEachRead = new ArrayList<>();
        byte[][] reads = {
            "data: one\n\nda".getBytes(StandardCharsets.UTF_8),
            "ta: two\r".getBytes(StandardCharsets.UTF_8),
            "\n\r\n".getBytes(StandardCharsets.UTF_8),
        };
        InputStream upstream = new InputStream() {
            private int next;

            @Override
            public int read() {
                throw new UnsupportedOperationException("the reader reads in blocks");
            }

            @Override
            public int read(byte[] b, int off, int len) {
                eventsSeenAtEachRead.add(events.size());
                if (next == reads.length) {
                    return -1;
                }
                byte[] chunk = reads[next++];
                System.arraycopy(chunk, 0, b, off, chunk.length);
                return chunk.length;
            }
        };

        new SseReader().readAll(upstream, events::add);

        assertThat(events).containsExactly(SseEvent.data("one"), SseEvent.data("two"));
        assertThat(eventsSeenAtEachRead).containsExactly(0, 1, 1, 2);
    }

    @Test
    void anEventCutOffByTheEndOfTheStreamIsDiscarded() {
        SseReader reader = new SseReader();
        byte[] raw = "data: done\n\ndata: half".getBytes(StandardCharsets.UTF_8);

        assertThat(reader.feed(raw, 0, raw.length)).containsExactly(SseEvent.data("done"));
        reader.end();
        assertThatThrownBy(() -> reader.feed(new byte[] {'\n'}, 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    private static List<SseEvent> feedAll(SseReader reader, String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        List<SseEvent> events = reader.feed(raw, 0, raw.length);
        reader.end();
        return events;
    }
}
