package dev.llmrelay.core.translate.codeassist;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.core.translate.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Code Assist clients (Gemini CLI with Google login) on accounts of another protocol, through a translator from
 * Gemini, or on Gemini API accounts as they are: the Gemini request is taken out of Code Assist's envelope (its
 * {@code project} has no use upstream), and every answer and chunk goes back in {@code {"response": ...}}. Only
 * the generation calls translate; Gemini CLI's set-up calls ({@code loadCodeAssist}, ...) still need a Code Assist
 * account.
 */
public final class FromCodeAssist implements ProtocolTranslator {
    private final Optional<ProtocolTranslator> fromGemini;
    private final CodeAssistEnvelope envelope = new CodeAssistEnvelope(new JsonTrees());

    private FromCodeAssist(Optional<ProtocolTranslator> fromGemini) {
        this.fromGemini = fromGemini;
    }

    /** Code Assist clients on accounts of {@code fromGemini}'s upstream protocol, through {@code fromGemini}. */
    public static FromCodeAssist through(ProtocolTranslator fromGemini) {
        if (fromGemini.client() != Protocol.GEMINI) {
            throw new IllegalArgumentException("a translator from Gemini is needed, not one from " + fromGemini.client());
        }
        return new FromCodeAssist(Optional.of(fromGemini));
    }

    /** Code Assist clients on Gemini API (API key) accounts. */
    public static FromCodeAssist ontoGeminiApi() {
        return new FromCodeAssist(Optional.empty());
    }

    @Override
    public Protocol client() {
        return Protocol.GEMINI_CODE_ASSIST;
    }

    @Override
    public Protocol upstream() {
        return fromGemini.map(ProtocolTranslator::upstream).orElse(Protocol.GEMINI);
    }

    @Override
    public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
        byte[] gemini = envelope.unwrapRequest(clientBody);
        return fromGemini.map(translator -> translator.translateRequest(gemini, context)).orElse(gemini);
    }

    @Override
    public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
        byte[] gemini = fromGemini.map(translator -> translator.translateResponse(upstreamBody, context)).orElse(upstreamBody);
        return envelope.wrapAnswer(new String(gemini, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public StreamTranslation newStreamTranslation(TranslationContext context) {
        StreamTranslation inner = fromGemini.map(translator -> translator.newStreamTranslation(context))
                .orElseGet(OntoCodeAssist.GeminiAsItIs::new);
        return new StreamTranslation() {
            @Override
            public List<SseEvent> onEvent(SseEvent upstreamEvent) {
                return inner.onEvent(upstreamEvent).stream().map(this::wrapped).toList();
            }

            @Override
            public List<SseEvent> onEnd() {
                return inner.onEnd().stream().map(this::wrapped).toList();
            }

            private SseEvent wrapped(SseEvent geminiEvent) {
                return new SseEvent(geminiEvent.event(), envelope.wrapAnswer(geminiEvent.data()), geminiEvent.id());
            }
        };
    }
}
