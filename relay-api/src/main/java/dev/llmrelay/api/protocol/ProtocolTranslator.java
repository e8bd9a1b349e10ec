package dev.llmrelay.api.protocol;

/**
 * Converts between a client protocol and an upstream protocol: the request on the way up, the whole answer
 * or each streamed event on the way down. Bodies are UTF-8 JSON bytes. A translator is stateless and shared;
 * the state of one streamed answer lives in its {@link StreamTranslation}.
 *
 * <p>What the target cannot express is refused with a {@link TranslationException}, never dropped in silence.
 */
public interface ProtocolTranslator {

    /** The protocol the client speaks. */
    Protocol client();

    /** The protocol the upstream account speaks. */
    Protocol upstream();

    /** The upstream request body for a client request body, naming {@code context.upstreamModel()}. */
    byte[] translateRequest(byte[] clientBody, TranslationContext context);

    /** The client answer for a whole (non-streaming) upstream answer. */
    byte[] translateResponse(byte[] upstreamBody, TranslationContext context);

    /** A fresh translation for one streamed answer. */
    StreamTranslation newStreamTranslation(TranslationContext context);
}
