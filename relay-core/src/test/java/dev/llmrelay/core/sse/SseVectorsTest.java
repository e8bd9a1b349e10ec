package dev.llmrelay.core.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.protocol.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared SSE vectors: each raw stream must give exactly its expected events however its bytes are cut
 * into reads (whole, at every single split point, byte by byte, and at random cuts).
 */
class SseVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Expected(String event, String data, String id) {
        static Expected of(SseEvent e) {
            return new Expected(e.event().orElse(null), e.data(), e.id().orElse(null));
        }
    }

    @BeforeAll
    static void vectorsArePresent() {
        SharedVectors.require();
    }

    static List<Path> vectors() {
        return SharedVectors.files("sse");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void wholeStreamInOneRead(Path vector) throws IOException {
        Vector v = Vector.read(vector);
        assertThat(parse(v.raw, new int[0])).containsExactlyElementsOf(v.expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void streamSplitInTwoAtEveryByte(Path vector) throws IOException {
        Vector v = Vector.read(vector);
        for (int cut = 0; cut <= v.raw.length; cut++) {
            assertThat(parse(v.raw, new int[] {cut}))
                    .as("split at byte %d", cut)
                    .containsExactlyElementsOf(v.expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void streamReadByteByByte(Path vector) throws IOException {
        Vector v = Vector.read(vector);
        int[] cuts = new int[v.raw.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i;
        }
        assertThat(parse(v.raw, cuts)).containsExactlyElementsOf(v.expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void streamCutAtRandomPoints(Path vector) throws IOException {
        Vector v = Vector.read(vector);
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            TreeSet<Integer> cutSet = new TreeSet<>();
            int count = 1 + random.nextInt(Math.max(1, v.raw.length / 3));
            for (int i = 0; i < count; i++) {
                cutSet.add(random.nextInt(v.raw.length + 1));
            }
            int[] cuts = cutSet.stream().mapToInt(Integer::intValue).toArray();
            assertThat(parse(v.raw, cuts))
                    .as("cut at %s", cutSet)
                    .containsExactlyElementsOf(v.expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void streamReadFromAnInputStream(Path vector) throws IOException {
        Vector v = Vector.read(vector);
        List<Expected> events = new ArrayList<>();
        new SseReader().readAll(new ByteArrayInputStream(v.raw), e -> events.add(Expected.of(e)));
        assertThat(events).containsExactlyElementsOf(v.expected);
    }

    /** Feeds {@code raw} cut at the ascending offsets {@code cuts}, then ends the stream. */
    private static List<Expected> parse(byte[] raw, int[] cuts) {
        SseReader reader = new SseReader();
        List<Expected> events = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            reader.feed(raw, from, cut - from).forEach(e -> events.add(Expected.of(e)));
            from = cut;
        }
        reader.feed(raw, from, raw.length - from).forEach(e -> events.add(Expected.of(e)));
        reader.end();
        return events;
    }

    private record Vector(byte[] raw, List<Expected> expected) {
        static Vector read(Path file) throws IOException {
            JsonNode root = JSON.readTree(file.toFile());
            List<Expected> expected = new ArrayList<>();
            for (JsonNode e : root.get("expected_events")) {
                expected.add(new Expected(text(e.get("event")), e.get("data").asText(), text(e.get("id"))));
            }
            return new Vector(root.get("raw").asText().getBytes(StandardCharsets.UTF_8), expected);
        }

        private static String text(JsonNode node) {
            return node == null || node.isNull() ? null : node.asText();
        }
    }
}
