package dev.llmrelay.bench.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.bench.load.BenchConnection;
import dev.llmrelay.bench.load.BenchProtocol;
import dev.llmrelay.bench.load.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MockUpstreamTest {
    private MockUpstream mock;

    @BeforeEach
    void start() throws Exception {
        mock = MockUpstream.start(0);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    @Test
    void answersAWholeAnthropicMessageOfTheScriptedSize() throws Exception {
        List<String> events = new ArrayList<>();
        try (var connection = BenchConnection.open(Target.direct(mock.port()), 4096)) {
            var answer = connection.exchange(Target.direct(mock.port())
                    .request(BenchProtocol.ANTHROPIC, new AnswerScript(0, 0, 300), false), (at, event, length) ->
                    events.add(new String(event, 0, length, StandardCharsets.UTF_8)));

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.bodyBytes()).isGreaterThan(300);
            assertThat(answer.keepAlive()).isTrue();
        }
    }

    @Test
    void streamsTheScriptedTextEventsEachStampedWithWhenItWasWritten() throws Exception {
        List<Long> stamps = new ArrayList<>();
        List<String> events = new ArrayList<>();
        long sent = System.nanoTime();
        try (var connection = BenchConnection.open(Target.direct(mock.port()), 4096)) {
            var answer = connection.exchange(Target.direct(mock.port())
                    .request(BenchProtocol.ANTHROPIC, new AnswerScript(3, 5, 10), true), (at, event, length) -> {
                        events.add(new String(event, 0, length, StandardCharsets.UTF_8));
                        long stamp = BenchConnection.stampOf(event, length);
                        if (stamp != BenchConnection.NO_STAMP) {
                            stamps.add(stamp);
                            assertThat(at).isGreaterThanOrEqualTo(stamp);
                        }
                    });

            assertThat(answer.status()).isEqualTo(200);
        }
        assertThat(events).hasSize(3 + 5);
        assertThat(events.get(0)).startsWith("event: message_start\n");
        assertThat(events.get(events.size() - 1)).startsWith("event: message_stop\n");
        assertThat(stamps).hasSize(3).allSatisfy(stamp -> assertThat(stamp).isGreaterThan(sent));
        assertThat(mock.streamBytesWritten()).isPositive();
    }

    @Test
    void streamsOpenAiChatChunksEndingWithDone() throws Exception {
        List<String> events = new ArrayList<>();
        try (var connection = BenchConnection.open(Target.direct(mock.port()), 4096)) {
            connection.exchange(Target.direct(mock.port())
                    .request(BenchProtocol.OPENAI_CHAT, new AnswerScript(2, 0, 10), true), (at, event, length) ->
                    events.add(new String(event, 0, length, StandardCharsets.UTF_8)));
        }
        assertThat(events).hasSize(1 + 2 + 2);
        assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]\n\n");
    }
}
