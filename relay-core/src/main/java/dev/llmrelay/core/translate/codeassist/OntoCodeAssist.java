package dev.llmrelay.core.translate.codeassist;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.translate.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A client on a Code Assist account (a Gemini OAuth account) through a translator to Gemini, or as it is when the
 * client speaks Gemini: the Gemini request goes up in Code Assist's envelope, naming the upstream model and the
 * account's project ({@link TranslationContext#codeAssistProject()}), and every answer and chunk comes down out of
 * its {@code response}. Without a project the request is refused (400), never sent without one.
 */
public final class OntoCodeAssist implements ProtocolTranslator {
    private final Optional<ProtocolTranslator> toGemini;
    private final CodeAssistEnvelope envelope = new CodeAssistEnvelope(new JsonTrees());

    private OntoCodeAssist(Optional<ProtocolTranslator> toGemini) {
        this.toGemini = toGemini;
    }

    /** Clients of {@code toGemini}'s protocol on Code Assist accounts, through {@code toGemini}. */
    public static OntoCodeAssist through(ProtocolTranslator toGemini) {
        if (toGemini.upstream() != Protocol.GEMINI) {
            throw new IllegalArgumentException("a translator to Gemini is needed, not one to " + toGemini.upstream());
        }
        return new OntoCodeAssist(Optional.of(toGemini));
    }

    /** Gemini clients (the Google Gen AI SDKs, Gemini CLI with an API key) on Code Assist accounts. */
    public static OntoCodeAssist forGeminiClients() {
        return new OntoCodeAssist(Optional.empty());
    }

    @Override
    public Protocol client() {
        return toGemini.map(ProtocolTranslator::client).orElse(Protocol.GEMINI);
    }

    @Override
    public Protocol upstream() {
        return Protocol.GEMINI_CODE_ASSIST;
    }

    @Override
    public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
        String project = context.codeAssistProject().orElseThrow(() -> new TranslationException(
                "the Code Assist account has no Google Cloud project the relay knows of, so the request cannot be sent"));
        byte[] gemini = toGemini.map(translator -> translator.translateRequest(clientBody, context)).orElse(clientBody);
        return envelope.wrapRequest(gemini, context.upstreamModel(), project);
    }

    @Override
    public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
        byte[] gemini = envelope.unwrapAnswer(new String(upstreamBody, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return toGemini.map(translator -> translator.translateResponse(gemini, context)).orElse(gemini);
    }

    @Override
    public StreamTranslation newStreamTranslation(TranslationContext context) {
        StreamTranslation inner = toGemini.map(translator -> translator.newStreamTranslation(context))
                .orElseGet(GeminiAsItIs::new);
        return new StreamTranslation() {
            @Override
            public List<SseEvent> onEvent(SseEvent upstreamEvent) {
                return inner.onEvent(new SseEvent(upstreamEvent.event(), envelope.unwrapAnswer(upstreamEvent.data()),
                        upstreamEvent.id()));
            }

            @Override
            public List<SseEvent> onEnd() {
                return inner.onEnd();
            }
        };
    }

    /** A Gemini stream passed on event by event; Gemini streams just end, so nothing is added at the end. */
    static final class GeminiAsItIs implements StreamTranslation {
        @Override
        public List<SseEvent> onEvent(SseEvent upstreamEvent) {
            return List.of(SseEvent.data(upstreamEvent.data()));
        }

        @Override
        public List<SseEvent> onEnd() {
            return List.of();
        }
    }
}
