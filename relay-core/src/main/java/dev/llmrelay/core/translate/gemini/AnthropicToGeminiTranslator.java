package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;

/**
 * An Anthropic client on a Gemini account (Claude Code, the Anthropic SDKs on Gemini models): the Messages
 * request becomes a {@code generateContent} request (the model goes into the upstream path, never the
 * body), the Gemini answer or its {@code alt=sse} chunks come back as a message and Anthropic events.
 *
 * <p>Mapped as the shared vectors' Mapping decisions say: {@code system}, and the text of mid-conversation
 * {@code system} messages (Claude Code sends them; Gemini has no such turn), to {@code systemInstruction};
 * tool_use to functionCall and tool_result to a functionResponse named after the tool_use it answers, with
 * {@code {output}} or {@code {error}}; images in a tool_result follow the function responses of that turn as
 * inline data; {@code input_schema} as {@code parametersJsonSchema}; thinking blocks, cache controls,
 * {@code metadata}, {@code context_management} and {@code disable_parallel_tool_use} are dropped; the
 * thinking budget becomes {@code thinkingBudget}. In answers, thought parts are dropped and a functionCall
 * without an id gets a new tool_use id.
 *
 * <p>Refused (400 in Anthropic's shape, before any upstream call): server tools ({@code web_search_…}, ...),
 * {@code mcp_servers}, {@code container}, structured output formats, URL and file sources of images and
 * documents, and blocks Gemini has no part for (search results, server-tool results). Gemini 3's
 * {@code thoughtSignature} on a functionCall goes back on that call in later requests, from this translator's
 * memory ({@link ThoughtSignatures}).
 */
public final class AnthropicToGeminiTranslator implements ProtocolTranslator {
    private final JsonTrees json = new JsonTrees();
    private final ThoughtSignatures signatures = new ThoughtSignatures();

    @Override
    public Protocol client() {
        return Protocol.ANTHROPIC_MESSAGES;
    }

    @Override
    public Protocol upstream() {
        return Protocol.GEMINI;
    }

    @Override
    public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
        var request = json.readObject(clientBody, "the request body");
        return json.writeBytes(new ClaudeRequestToGemini(signatures).translate(request, context.upstreamModel()));
    }

    @Override
    public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
        var answer = json.readObject(upstreamBody, "the upstream answer");
        return json.writeBytes(GeminiAnswerToClaude.translate(answer, context, signatures));
    }

    @Override
    public StreamTranslation newStreamTranslation(TranslationContext context) {
        return new GeminiStreamToClaude(json, context, signatures);
    }
}
