package dev.llmrelay.core.translate;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.core.translate.chat.AnthropicToChatTranslator;
import dev.llmrelay.core.translate.chat.ChatToAnthropicTranslator;
import dev.llmrelay.core.translate.codeassist.FromCodeAssist;
import dev.llmrelay.core.translate.codeassist.OntoCodeAssist;
import dev.llmrelay.core.translate.gemini.AnthropicToGeminiTranslator;
import dev.llmrelay.core.translate.gemini.GeminiToAnthropicTranslator;
import dev.llmrelay.core.translate.responses.ResponsesToAnthropicTranslator;
import dev.llmrelay.core.translate.responseschat.ResponsesToChatTranslator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The translators the relay ships, registered on every {@link dev.llmrelay.core.Relay} unless replaced. */
public final class StandardTranslators {
    private StandardTranslators() {
    }

    /** Every shipped translator; {@code clock} stamps the answers that carry a creation time. */
    public static List<ProtocolTranslator> all(Clock clock) {
        List<ProtocolTranslator> direct = List.of(
                new ChatToAnthropicTranslator(clock),
                new AnthropicToChatTranslator(),
                new GeminiToAnthropicTranslator(),
                new AnthropicToGeminiTranslator(),
                new ResponsesToAnthropicTranslator(clock),
                new ResponsesToChatTranslator(clock));
        List<ProtocolTranslator> all = new ArrayList<>(direct);
        all.addAll(codeAssistWrappers(direct));
        return List.copyOf(all);
    }

    /**
     * Code Assist is Gemini in an envelope: each translator to Gemini also reaches Code Assist accounts, each one
     * from Gemini also serves Code Assist clients, and Gemini clients and Code Assist clients reach each other's
     * accounts with the envelope alone.
     */
    public static List<ProtocolTranslator> codeAssistWrappers(List<ProtocolTranslator> translators) {
        List<ProtocolTranslator> wrappers = new ArrayList<>();
        for (ProtocolTranslator translator : translators) {
            if (translator.upstream() == Protocol.GEMINI) {
                wrappers.add(OntoCodeAssist.through(translator));
            }
            if (translator.client() == Protocol.GEMINI) {
                wrappers.add(FromCodeAssist.through(translator));
            }
        }
        wrappers.add(OntoCodeAssist.forGeminiClients());
        wrappers.add(FromCodeAssist.ontoGeminiApi());
        return wrappers;
    }
}
