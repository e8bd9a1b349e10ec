package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;

/**
 * A Gemini client on an Anthropic account (Gemini CLI, the Google Gen AI SDKs on Claude models): the
 * {@code generateContent} request becomes a Messages request, the message or its stream comes back as
 * Gemini answers and {@code alt=sse} chunks. The model comes from the client's path and goes into the body.
 *
 * <p>Mapped as the shared vectors' Mapping decisions say: {@code systemInstruction} to {@code system};
 * {@code parametersJsonSchema} as {@code input_schema}, {@code parameters} with its type names lower-cased;
 * a functionCall without an id gets one from its position in the history (so a resent history keeps its
 * ids and Anthropic's prompt cache still hits), and a functionResponse answers the call with its id, else
 * the earliest unanswered call of its name; {@code inlineData} images and PDFs as base64 blocks;
 * {@code thinkingConfig}, {@code safetySettings}, {@code cachedContent} and penalties are dropped.
 *
 * <p>JSON output ({@code responseMimeType: application/json}, response schemas, as Gemini CLI's classifier asks)
 * becomes Anthropic structured output: one forced tool whose input is the answer ({@link JsonOutputTool}).
 *
 * <p>Refused (400 in Google's shape, before any upstream call): {@code candidateCount} above 1, non-text
 * response modalities, other response MIME types, JSON output with function declarations or a non-object schema,
 * {@code responseLogprobs}, {@code fileData}, inline data other than JPEG, PNG, GIF, WebP and PDF,
 * executable code parts, functionResponse {@code parts}, Gemini's own tools (Google Search, code execution,
 * URL context, ...), and {@code allowedFunctionNames} other than one name with mode {@code ANY}.
 */
public final class GeminiToAnthropicTranslator implements ProtocolTranslator {
    private final JsonTrees json = new JsonTrees();

    @Override
    public Protocol client() {
        return Protocol.GEMINI;
    }

    @Override
    public Protocol upstream() {
        return Protocol.ANTHROPIC_MESSAGES;
    }

    @Override
    public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
        var request = json.readObject(clientBody, "the request body");
        return json.writeBytes(new GeminiRequestToClaude(json).translate(request, context));
    }

    @Override
    public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
        var message = json.readObject(upstreamBody, "the upstream answer");
        return json.writeBytes(ClaudeAnswerToGemini.translate(message, context, json));
    }

    @Override
    public StreamTranslation newStreamTranslation(TranslationContext context) {
        return new ClaudeStreamToGemini(json, context);
    }
}
