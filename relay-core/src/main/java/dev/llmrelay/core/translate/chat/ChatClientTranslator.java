package dev.llmrelay.core.translate.chat;

import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;

/**
 * A translator whose clients speak Chat Completions. Their stream ends with a usage chunk only when they
 * asked for one ({@code stream_options.include_usage}), which {@link TranslationContext} does not carry: the
 * SPI's {@link #newStreamTranslation(TranslationContext)} sends none, and a caller that read the client's
 * choice passes it to {@link #newStreamTranslation(TranslationContext, boolean)}.
 */
public interface ChatClientTranslator extends ProtocolTranslator {

    /** A fresh translation for one streamed answer, ending with a usage chunk when {@code includeUsage}. */
    StreamTranslation newStreamTranslation(TranslationContext context, boolean includeUsage);

    /** A fresh translation for one streamed answer, without the usage chunk the client may have asked for. */
    @Override
    default StreamTranslation newStreamTranslation(TranslationContext context) {
        return newStreamTranslation(context, false);
    }
}
