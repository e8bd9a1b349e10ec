package dev.llmrelay.core.translate.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.error.ErrorRenderer;
import dev.llmrelay.core.error.RenderedError;
import dev.llmrelay.core.route.Operation;
import dev.llmrelay.core.route.PathParameters;
import dev.llmrelay.core.sse.SseReader;
import dev.llmrelay.core.sse.SseWriter;
import dev.llmrelay.core.translate.Translators;
import dev.llmrelay.core.translate.UpstreamPlan;
import dev.llmrelay.core.translate.chat.AnthropicToChatTranslator;
import dev.llmrelay.core.translate.chat.ChatToAnthropicTranslator;
import dev.llmrelay.core.translate.gemini.AnthropicToGeminiTranslator;
import dev.llmrelay.core.translate.gemini.GeminiToAnthropicTranslator;
import dev.llmrelay.core.translate.responses.ResponsesToAnthropicTranslator;
import dev.llmrelay.core.translate.vectors.TranslationVectors.ExpectedEvent;
import dev.llmrelay.core.translate.vectors.TranslationVectors.Vector;
import dev.llmrelay.core.upstream.UpstreamEndpoints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shared translate vector whose client and upstream protocols have a translator registered below: the
 * request it becomes (or its refusal, rendered as the client sees it), the path the engine then calls, and
 * what the client gets from the upstream's whole answer or stream. A stream is read as the engine reads it
 * ({@link SseReader}, event by event through the translation), written as the engine writes it
 * ({@link SseWriter}) and parsed back as the client would; it must give the same events however the
 * upstream's bytes are cut into reads.
 *
 * <p>Vectors of pairs with no translator yet are skipped, each saying so.
 */
class TranslateVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SseWriter WRITER = new SseWriter();

    /** The translators the vectors run against, by client and upstream protocol: one line each. */
    private static final Map<Pair, ProtocolTranslator> TRANSLATORS = byPair(
            new GeminiToAnthropicTranslator(),
            new AnthropicToGeminiTranslator(),
            new ResponsesToAnthropicTranslator(),
            new ChatToAnthropicTranslator(JSON),
            new AnthropicToChatTranslator(JSON)
    );

    /** A client protocol and the upstream protocol it is translated to. */
    record Pair(Protocol client, Protocol upstream) {
        @Override
        public String toString() {
            return client + " -> " + upstream;
        }
    }

    static Stream<Named<Path>> vectors() {
        return TranslationVectors.files().stream().map(file -> Named.of(file.getFileName().toString(), file));
    }

    static Stream<Named<Path>> streamingVectors() {
        return vectors().filter(file -> TranslationVectors.read(file.getPayload()).upstreamStream().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void translatesAsTheVectorSays(Path file) throws JsonProcessingException {
        Vector vector = TranslationVectors.read(file);
        ProtocolTranslator translator = translatorFor(vector);
        TranslationContext context = contextOf(vector);
        VectorPattern pattern = new VectorPattern();

        if (vector.expectedClientError().isPresent()) {
            assertRefused(translator, vector, context, pattern);
            return;
        }
        assertUpstreamRequest(translator, vector, context, pattern);
        if (vector.upstreamResponse().isPresent()) {
            byte[] answer = translator.translateResponse(JSON.writeValueAsBytes(vector.upstreamResponse().get()), context);
            pattern.assertMatches(vector.name() + ": the client's answer", vector.expectedClientResponse().orElseThrow(),
                    parse(vector.name() + ": the client's answer", answer));
        } else if (vector.upstreamStream().isPresent()) {
            byte[] raw = vector.upstreamStream().get().getBytes(StandardCharsets.UTF_8);
            assertEvents(vector.name() + ": the client's stream", pattern, vector.expectedClientEvents().orElseThrow(),
                    clientEvents(translator, vector, context, raw, new int[0]));
        } else {
            fail(vector.name() + " has neither an upstream answer, an upstream stream nor an expected error");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamingVectors")
    void aStreamCutIntoReadsAnywhereGivesTheSameEvents(Path file) {
        Vector vector = TranslationVectors.read(file);
        ProtocolTranslator translator = translatorFor(vector);
        TranslationContext context = contextOf(vector);
        VectorPattern afterRequest = new VectorPattern();
        assertUpstreamRequest(translator, vector, context, afterRequest);
        List<ExpectedEvent> expected = vector.expectedClientEvents().orElseThrow();
        byte[] raw = vector.upstreamStream().orElseThrow().getBytes(StandardCharsets.UTF_8);

        for (int cut = 0; cut <= raw.length; cut++) {
            assertEvents(vector.name() + ", upstream stream cut at byte " + cut, afterRequest.copy(), expected,
                    clientEvents(translator, vector, context, raw, new int[] {cut}));
        }
        int[] everyByte = new int[Math.max(0, raw.length - 1)];
        Arrays.setAll(everyByte, i -> i + 1);
        assertEvents(vector.name() + ", upstream stream read byte by byte", afterRequest.copy(), expected,
                clientEvents(translator, vector, context, raw, everyByte));
    }

    @Test
    void everyRegisteredTranslatorHasVectors() {
        Set<Pair> covered = new HashSet<>();
        TranslationVectors.files().forEach(file -> {
            Vector vector = TranslationVectors.read(file);
            covered.add(new Pair(vector.client(), vector.upstream()));
        });

        assertThat(covered).as("pairs with vectors").containsAll(TRANSLATORS.keySet());
    }

    private static ProtocolTranslator translatorFor(Vector vector) {
        Pair pair = new Pair(vector.client(), vector.upstream());
        ProtocolTranslator translator = TRANSLATORS.get(pair);
        Assumptions.assumeTrue(translator != null,
                () -> vector.name() + " skipped: no translator " + pair + " is registered in TranslateVectorsTest yet");
        return translator;
    }

    /** The context the engine builds: the client's model, no account mapping, streaming as the client asked. */
    private static TranslationContext contextOf(Vector vector) {
        return new TranslationContext(vector.clientModel(), vector.clientModel(), vector.streams());
    }

    private static void assertRefused(ProtocolTranslator translator, Vector vector, TranslationContext context,
                                      VectorPattern pattern) throws JsonProcessingException {
        TranslationException refusal = assertThrows(TranslationException.class,
                () -> translator.translateRequest(JSON.writeValueAsBytes(vector.clientRequest()), context),
                vector.name() + ": the request must be refused before any upstream call");
        RenderedError rendered = ErrorRenderer.forProtocol(vector.client(), JSON).render(refusal.error());
        TranslationVectors.ExpectedError expected = vector.expectedClientError().orElseThrow();

        assertThat(rendered.status()).as(vector.name() + ": the refusal's status").isEqualTo(expected.status());
        pattern.assertMatches(vector.name() + ": the refusal's body", expected.body(),
                parse(vector.name() + ": the refusal's body", rendered.body()));
    }

    private static void assertUpstreamRequest(ProtocolTranslator translator, Vector vector, TranslationContext context,
                                              VectorPattern pattern) {
        byte[] sent;
        try {
            sent = translator.translateRequest(JSON.writeValueAsBytes(vector.clientRequest()), context);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        JsonNode body = parse(vector.name() + ": the upstream request", sent);
        pattern.assertMatches(vector.name() + ": the upstream request",
                vector.expectedUpstreamRequest().orElseThrow(() -> new AssertionError(vector.name()
                        + " has no expected_upstream_request")), body);
        vector.expectedUpstreamPath().ifPresent(expected -> assertPath(vector, expected, upstreamUrl(translator, vector)));
    }

    /** The path must be equal; the query must hold every parameter the vector shows (others may be there). */
    private static void assertPath(Vector vector, String expected, HttpUrl actual) {
        int question = expected.indexOf('?');
        String path = question < 0 ? expected : expected.substring(0, question);
        assertThat(actual.encodedPath()).as(vector.name() + ": the upstream path").isEqualTo(path);
        if (question >= 0) {
            for (String parameter : expected.substring(question + 1).split("&")) {
                String[] nameValue = parameter.split("=", 2);
                assertThat(actual.queryParameter(nameValue[0]))
                        .as(vector.name() + ": the upstream query parameter " + nameValue[0] + " in " + actual)
                        .isEqualTo(nameValue.length > 1 ? nameValue[1] : "");
            }
        }
    }

    /** The URL the engine calls for this vector's request on an account speaking only the translator's upstream. */
    private static HttpUrl upstreamUrl(ProtocolTranslator translator, Vector vector) {
        Account account = accountSpeaking(translator.upstream());
        String model = vector.clientModel();
        UpstreamPlan plan = UpstreamPlan.choose(vector.client(), clientOperation(vector), clientParameters(vector), model,
                        vector.streams(), account, new Translators(List.of(translator)))
                .orElseThrow(() -> new AssertionError(vector.name() + ": the engine finds no plan for a "
                        + vector.client() + " request on a " + translator.upstream() + " account"));
        assertThat(plan.translator()).as(vector.name() + ": the plan's translator").containsSame(translator);
        return UpstreamEndpoints.url(account, plan.protocol(), plan.operation(), model, plan.parameters(), vector.streams());
    }

    private static Operation clientOperation(Vector vector) {
        return switch (vector.client()) {
            case ANTHROPIC_MESSAGES -> Operation.MESSAGES;
            case OPENAI_CHAT -> Operation.CHAT_COMPLETIONS;
            case OPENAI_RESPONSES -> Operation.RESPONSES;
            case GEMINI -> vector.streams() ? Operation.STREAM_GENERATE_CONTENT : Operation.GENERATE_CONTENT;
            case GEMINI_CODE_ASSIST -> Operation.CODE_ASSIST;
        };
    }

    private static PathParameters clientParameters(Vector vector) {
        return switch (vector.client()) {
            case GEMINI -> new PathParameters(Optional.of(vector.clientPath().split("/")[1]),
                    Optional.of(vector.clientModel()), vector.clientMethod());
            case GEMINI_CODE_ASSIST -> new PathParameters(Optional.empty(), Optional.empty(), vector.clientMethod());
            case ANTHROPIC_MESSAGES, OPENAI_CHAT, OPENAI_RESPONSES -> PathParameters.NONE;
        };
    }

    /** An account whose upstream speaks {@code protocol} only, at the provider's own base URL. */
    private static Account accountSpeaking(Protocol protocol) {
        Credential apiKey = new Credential.ApiKey(Secret.of("vector-key"));
        Credential oauth = new Credential.OAuthTokens(Secret.of("vector-token"), Optional.empty(), Optional.empty());
        Account account = switch (protocol) {
            case ANTHROPIC_MESSAGES -> account(Platform.CLAUDE, apiKey, "https://api.anthropic.com");
            case OPENAI_CHAT -> account(Platform.OPENAI_COMPATIBLE, apiKey, "https://api.openai.com/v1");
            case OPENAI_RESPONSES -> account(Platform.OPENAI, oauth, "https://api.openai.com/v1");
            case GEMINI -> account(Platform.GEMINI, apiKey, "https://generativelanguage.googleapis.com");
            case GEMINI_CODE_ASSIST -> account(Platform.GEMINI, oauth, "https://cloudcode-pa.googleapis.com");
        };
        assertThat(account.protocols()).as("the vectors' account for " + protocol).containsExactly(protocol);
        return account;
    }

    private static Account account(Platform platform, Credential credential, String baseUrl) {
        return new Account("acc_vectors", "vectors", platform, credential, baseUrl, Optional.empty(),
                Account.DEFAULT_PRIORITY, 0, Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE, Instant.EPOCH,
                Optional.empty());
    }

    /**
     * What the client gets from the upstream stream {@code raw} fed to the reader in pieces ending at
     * {@code cuts}: each event translated as it is read, the client events written, parsed back, pings dropped.
     */
    private static List<SseEvent> clientEvents(ProtocolTranslator translator, Vector vector, TranslationContext context,
                                               byte[] raw, int[] cuts) {
        StreamTranslation translation = openStream(translator, vector, context);
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        Consumer<SseEvent> relay = upstreamEvent ->
                translation.onEvent(upstreamEvent).forEach(event -> toClient.writeBytes(WRITER.encode(event)));
        SseReader upstream = new SseReader();
        int start = 0;
        for (int cut : cuts) {
            upstream.feed(raw, start, cut - start, relay);
            start = cut;
        }
        upstream.feed(raw, start, raw.length - start, relay);
        upstream.end();
        translation.onEnd().forEach(event -> toClient.writeBytes(WRITER.encode(event)));

        byte[] written = toClient.toByteArray();
        return new SseReader().feed(written, 0, written.length).stream().filter(event -> !event.is("ping")).toList();
    }

    /**
     * The stream translation the engine opens, with the context it builds: a Chat client's usage chunk depends
     * on its {@code stream_options.include_usage}.
     */
    private static StreamTranslation openStream(ProtocolTranslator translator, Vector vector, TranslationContext context) {
        boolean includeUsage = vector.clientRequest().path("stream_options").path("include_usage").asBoolean(false);
        return translator.newStreamTranslation(new TranslationContext(context.clientModel(), context.upstreamModel(),
                context.stream(), includeUsage));
    }

    private static void assertEvents(String what, VectorPattern pattern, List<ExpectedEvent> expected, List<SseEvent> actual) {
        if (actual.size() != expected.size()) {
            fail(what + ": expected " + expected.size() + " events, got " + actual.size() + ":\n" + listing(actual));
        }
        for (int i = 0; i < expected.size(); i++) {
            ExpectedEvent want = expected.get(i);
            SseEvent got = actual.get(i);
            String which = what + ", event " + i;
            assertThat(got.event()).as(which + ": its event field\n" + listing(actual)).isEqualTo(want.event());
            if (want.exactText()) {
                assertThat(got.data()).as(which + ": its data").isEqualTo(want.data().textValue());
                continue;
            }
            JsonNode data;
            try {
                data = JSON.readTree(got.data());
            } catch (JsonProcessingException e) {
                throw new AssertionError(which + ": its data is not JSON: " + got.data(), e);
            }
            pattern.assertMatches(which, want.data(), data);
        }
    }

    private static JsonNode parse(String what, byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(what + " is not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    private static String listing(List<SseEvent> events) {
        return events.stream()
                .map(event -> "  " + event.event().map(type -> "event: " + type + " ").orElse("") + "data: " + event.data())
                .collect(Collectors.joining("\n"));
    }

    private static Map<Pair, ProtocolTranslator> byPair(ProtocolTranslator... translators) {
        Map<Pair, ProtocolTranslator> byPair = new LinkedHashMap<>();
        for (ProtocolTranslator translator : translators) {
            byPair.put(new Pair(translator.client(), translator.upstream()), translator);
        }
        return Map.copyOf(byPair);
    }
}
