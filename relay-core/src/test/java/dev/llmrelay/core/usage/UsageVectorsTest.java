package dev.llmrelay.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.sse.SharedVectors;
import dev.llmrelay.core.sse.SseReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared usage vectors: every protocol's answer, whole or streamed, gives its exact normal-form usage. */
class UsageVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The five numbers the vectors pin. */
    record Counts(long input, long output, long cacheWrite, long cacheRead, long reasoning) {
        static Counts of(TokenUsage u) {
            return new Counts(u.inputTokens(), u.outputTokens(), u.cacheWriteTokens(), u.cacheReadTokens(),
                    u.reasoningTokens());
        }
    }

    @BeforeAll
    static void vectorsArePresent() {
        SharedVectors.require();
    }

    static List<Path> vectors() {
        return SharedVectors.files("usage");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void extractsTheExpectedUsage(Path vector) throws IOException {
        JsonNode root = JSON.readTree(vector.toFile());
        UsageExtractor extractor = UsageExtractor.forProtocol(protocol(root.get("protocol").asText()));
        JsonNode expected = root.get("expected_usage");
        Counts want = new Counts(
                expected.get("input_tokens").asLong(),
                expected.get("output_tokens").asLong(),
                expected.get("cache_write_tokens").asLong(),
                expected.get("cache_read_tokens").asLong(),
                expected.get("reasoning_tokens").asLong());

        TokenUsage actual;
        if (root.has("upstream_response")) {
            actual = extractor.fromBody(JSON.writeValueAsBytes(root.get("upstream_response")));
        } else {
            byte[] raw = root.get("upstream_stream").asText().getBytes(StandardCharsets.UTF_8);
            StreamUsage stream = extractor.newStream();
            SseReader reader = new SseReader();
            reader.feed(raw, 0, raw.length, stream::onEvent);
            reader.end();
            actual = stream.current();
        }

        assertThat(Counts.of(actual)).isEqualTo(want);
    }

    private static Protocol protocol(String name) {
        return Protocol.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
