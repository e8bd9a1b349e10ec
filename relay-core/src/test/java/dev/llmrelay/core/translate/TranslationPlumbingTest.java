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
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.store.RelayStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the engine uses a translator: a request of one protocol goes to an account of another, its body, its
 * whole answer, every streamed event and an upstream refusal pass through the translator or the client's
 * error shape. The translator here is a tiny stand-in (Anthropic client, Chat upstream) that marks what it
 * touched; the real translators are tested against the shared vectors.
 */
class TranslationPlumbingTest {
    private final MockWebServer upstream = new MockWebServer();
    private final Clock clock = Clock.systemUTC();
    private RelayStore store;
    private Relay relay;

    /** Marks each body and event it translates, so the test sees it went through. */
    private static final class MarkingTranslator implements ProtocolTranslator {
        @Override
        public Protocol client() {
            return Protocol.ANTHROPIC_MESSAGES;
        }

        @Override
        public Protocol upstream() {
            return Protocol.OPENAI_CHAT;
        }

        @Override
        public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
            String body = new String(clientBody, StandardCharsets.UTF_8);
            if (body.contains("\"refuse\"")) {
                throw new TranslationException("this request cannot be expressed in Chat Completions");
            }
            return ("{\"model\":\"" + context.upstreamModel() + "\",\"translated\":true,\"stream\":" + context.stream() + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
            return ("{\"type\":\"message\",\"model\":\"" + context.clientModel() + "\",\"from\":"
                    + new String(upstreamBody, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public StreamTranslation newStreamTranslation(TranslationContext context) {
            return new StreamTranslation() {
                @Override
                public List<SseEvent> onEvent(SseEvent upstreamEvent) {
                    if (upstreamEvent.data().equals("[DONE]")) {
                        return List.of(SseEvent.of("message_stop", "{\"type\":\"message_stop\"}"));
                    }
                    return List.of(SseEvent.of("content_block_delta", "{\"translated\":" + upstreamEvent.data() + "}"));
                }

                @Override
                public List<SseEvent> onEnd() {
                    return List.of();
                }
            };
        }
    }

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        store = RelayStore.inMemory(clock);
        store.accounts().save(new Account("acc_chat", "chat-only", Platform.OPENAI_COMPATIBLE,
                new Credential.ApiKey(Secret.of("sk-compat")), upstream.url("/v1").toString(), Optional.empty(), 50, 0,
                Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE, clock.instant(), Optional.empty()));
        store.keys().save(new RelayKey("key_1", "k", KeyHash.of("rk_test"), true, Set.of(), Set.of(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                clock.instant(), Optional.empty(), Optional.empty()));
        relay = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).clock(clock)
                .translator(new MarkingTranslator()).build();
    }

    @AfterEach
    void stop() {
        relay.close();
        store.close();
        upstream.close();
    }

    private RecordingChannel send(String body) {
        var channel = new RecordingChannel();
        relay.handle(new ClientRequest("POST", "/claude/v1/messages", Optional.empty(),
                Headers.of("x-api-key", "rk_test"), body.getBytes(StandardCharsets.UTF_8)), channel);
        return channel;
    }

    @Test
    void aClaudeRequestGoesToAChatAccountThroughTheTranslatorAndItsAnswerComesBack() throws Exception {
        upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
                .body("{\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}").build());

        RecordingChannel answer = send("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[]}");

        RecordedRequest recorded = upstream.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(recorded).as("the upstream was called").isNotNull();
        assertThat(recorded.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(recorded.getHeaders().get("authorization")).isEqualTo("Bearer sk-compat");
        assertThat(recorded.getBody().utf8()).isEqualTo("{\"model\":\"claude-sonnet-4-5\",\"translated\":true,\"stream\":false}");
        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.bodyText()).startsWith("{\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"from\":{\"choices\"");
    }

    @Test
    void everyStreamedEventGoesThroughTheTranslationAsItArrives() throws Exception {
        upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
                .body("data: {\"n\":1}\n\ndata: {\"n\":2}\n\ndata: [DONE]\n\n").build());

        RecordingChannel answer = send("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"stream\":true,\"messages\":[]}");

        assertThat(answer.events).containsExactly(
                "event: content_block_delta\ndata: {\"translated\":{\"n\":1}}\n\n",
                "event: content_block_delta\ndata: {\"translated\":{\"n\":2}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        assertThat(upstream.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS).getBody().utf8()).contains("\"stream\":true");
    }

    @Test
    void anUpstreamRefusalReachesTheClientInItsOwnErrorShape() {
        upstream.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/json")
                .body("{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}").build());

        RecordingChannel answer = send("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[]}");

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.bodyText()).startsWith("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\"")
                .contains("max_tokens is too large");
    }

    @Test
    void whatTheTargetCannotExpressIsA400BeforeAnyUpstreamCall() {
        RecordingChannel answer = send("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[],\"x\":\"refuse\"}");

        assertThat(answer.status).isEqualTo(400);
        assertThat(answer.bodyText()).contains("cannot be expressed in Chat Completions");
        assertThat(upstream.getRequestCount()).isZero();
    }

    @Test
    void withoutATranslatorAnAccountOfAnotherProtocolIsNotChosen() {
        store.accounts().delete("acc_chat");
        store.accounts().save(new Account("acc_code_assist", "code-assist-only", Platform.GEMINI,
                new Credential.OAuthTokens(Secret.of("ya29.x"), Optional.empty(), Optional.empty()),
                upstream.url("/").toString(), Optional.empty(), 50, 0, Set.of(), Set.of(), Map.of(), true,
                AccountStatus.ACTIVE, clock.instant(), Optional.empty()));
        var plain = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).build();
        var channel = new RecordingChannel();

        plain.handle(new ClientRequest("POST", "/claude/v1/messages", Optional.empty(), Headers.of("x-api-key", "rk_test"),
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[]}".getBytes(StandardCharsets.UTF_8)), channel);

        assertThat(channel.status).as("no shipped translator reaches Code Assist").isEqualTo(404);
        assertThat(upstream.getRequestCount()).isZero();
        plain.close();
    }
}
