package dev.llmrelay.core.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.store.RelayStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A started stream whose upstream goes quiet gets keep-alives in its client's protocol, and nothing else changes. */
class KeepAliveTest {
    private final MockWebServer upstream = new MockWebServer();
    private final Clock clock = Clock.systemUTC();
    private final RelayStore store = RelayStore.inMemory(clock);
    private Relay relay;

    @AfterEach
    void stop() {
        relay.close();
        store.close();
        upstream.close();
    }

    /** A body that sends {@code first}, stays silent for {@code silence}, then sends {@code rest}. */
    private static MockResponse quietAfterFirst(String first, Duration silence, String rest) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(new MockResponseBody() {
            @Override
            public long getContentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(first);
                sink.flush();
                try {
                    Thread.sleep(silence.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.writeUtf8(rest);
                sink.flush();
            }
        }).build();
    }

    private void start(Platform platform, String baseUrl) throws IOException {
        store.accounts().save(new Account("acc_1", "a", platform, new Credential.ApiKey(Secret.of("sk-upstream")),
                baseUrl, Optional.empty(), 50, 0, Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE,
                clock.instant(), Optional.empty()));
        store.keys().save(new RelayKey("key_1", "k", KeyHash.of("rk_test"), true, Set.of(), Set.of(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                clock.instant(), Optional.empty(), Optional.empty()));
        relay = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).clock(clock)
                .keepAliveAfter(Duration.ofMillis(150)).build();
    }

    private RecordingChannel send(String path, String body) {
        var channel = new RecordingChannel();
        relay.handle(new ClientRequest("POST", path, Optional.empty(), Headers.of("x-api-key", "rk_test"),
                body.getBytes(StandardCharsets.UTF_8)), channel);
        return channel;
    }

    @Test
    void anAnthropicClientGetsPingEventsWhileTheUpstreamThinks() throws IOException {
        upstream.enqueue(quietAfterFirst(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3}}}\n\n",
                Duration.ofMillis(800),
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        upstream.start();
        start(Platform.CLAUDE, upstream.url("/").toString());

        RecordingChannel answer = send("/claude/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"stream\":true,\"messages\":[]}");

        assertThat(answer.events.getFirst()).startsWith("event: message_start\n");
        assertThat(answer.events.getLast()).startsWith("event: message_stop\n");
        assertThat(answer.events.subList(1, answer.events.size() - 1)).isNotEmpty()
                .allMatch("event: ping\ndata: {\"type\": \"ping\"}\n\n"::equals);
    }

    @Test
    void anOpenAiClientGetsSseCommentsWhichItsReadersIgnore() throws IOException {
        upstream.enqueue(quietAfterFirst(
                "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n",
                Duration.ofMillis(800),
                "data: [DONE]\n\n"));
        upstream.start();
        start(Platform.OPENAI_COMPATIBLE, upstream.url("/v1").toString());

        RecordingChannel answer = send("/openai/v1/chat/completions",
                "{\"model\":\"local\",\"stream\":true,\"messages\":[]}");

        assertThat(answer.events.getFirst()).contains("\"content\":\"Hi\"");
        assertThat(answer.events.getLast()).isEqualTo("data: [DONE]\n\n");
        assertThat(answer.events.subList(1, answer.events.size() - 1)).isNotEmpty().allMatch(": keep-alive\n\n"::equals);
    }
}
