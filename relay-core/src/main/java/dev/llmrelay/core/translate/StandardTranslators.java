package dev.llmrelay.core.translate;

import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.core.translate.chat.AnthropicToChatTranslator;
import dev.llmrelay.core.translate.chat.ChatToAnthropicTranslator;
import dev.llmrelay.core.translate.gemini.AnthropicToGeminiTranslator;
import dev.llmrelay.core.translate.gemini.GeminiToAnthropicTranslator;
import dev.llmrelay.core.translate.responses.ResponsesToAnthropicTranslator;
import dev.llmrelay.core.translate.responseschat.ResponsesToChatTranslator;
import java.time.Clock;
import java.util.List;

/** The translators the relay ships, registered on every {@link dev.llmrelay.core.Relay} unless replaced. */
public final class StandardTranslators {
    private StandardTranslators() {
    }

    /** Every shipped translator; {@code clock} stamps the answers that carry a creation time. */
    public static List<ProtocolTranslator> all(Clock clock) {
        return List.of(
                new ChatToAnthropicTranslator(clock),
                new AnthropicToChatTranslator(),
                new GeminiToAnthropicTranslator(),
                new AnthropicToGeminiTranslator(),
                new ResponsesToAnthropicTranslator(clock),
                new ResponsesToChatTranslator(clock));
    }
}
