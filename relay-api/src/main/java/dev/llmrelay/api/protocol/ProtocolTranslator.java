package dev.llmrelay.api.protocol;

/**
 * Converts between a client protocol and an upstream protocol: the request on the way up, the whole answer
 * or each streamed event on the way down. Bodies are UTF-8 JSON bytes.
 *
 * <p>What the target cannot express is refused with a {@link TranslationException}, never dropped in silence.
 */
public interface ProtocolTranslator {

    /** The protocol the client speaks. */
    Protocol client();

    /** The protocol the upstream account speaks. */
    Protocol upstream();

    /** The upstream request body for a client request body. */
    byte[] translateRequest(byte[] clientBody);

    /** The client answer for a whole (non-streaming) upstream answer. */
    byte[] translateResponse(byte[] upstreamBody);

    /** A fresh translation for one streamed answer. */
    StreamTranslation newStreamTranslation();
}
