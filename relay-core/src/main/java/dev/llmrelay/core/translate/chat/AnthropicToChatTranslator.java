package dev.llmrelay.core.translate.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.error.ErrorRenderer;
import dev.llmrelay.core.json.PooledJson;
import java.io.IOException;
import java.util.Objects;

/**
 * Serves Anthropic Messages clients (Claude Code) on OpenAI-compatible accounts: their request as a Chat
 * Completions request (always asking a streaming upstream for its usage chunk), the completion or chunks as a
 * Claude message or events. Follows the shared vectors' mapping decisions; what a Chat upstream cannot
 * express (server tools, documents, MCP servers, containers, unknown fields) is refused with a 400 in
 * Anthropic's error shape before any upstream call. Stateless and shared.
 */
public final class AnthropicToChatTranslator implements ProtocolTranslator {
    private final ObjectMapper json;
    private final AnthropicRequestToChat requests;
    private final ChatAnswerToAnthropic answers;
    private final ErrorRenderer anthropicErrors;

    public AnthropicToChatTranslator() {
        this(PooledJson.newMapper());
    }

    public AnthropicToChatTranslator(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
        this.requests = new AnthropicRequestToChat(json);
        this.answers = new ChatAnswerToAnthropic(json);
        this.anthropicErrors = ErrorRenderer.forProtocol(Protocol.ANTHROPIC_MESSAGES, json);
    }

    @Override
    public Protocol client() {
        return Protocol.ANTHROPIC_MESSAGES;
    }

    @Override
    public Protocol upstream() {
        return Protocol.OPENAI_CHAT;
    }

    @Override
    public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
        JsonNode claude = parse(clientBody, "the request body is not JSON");
        try {
            return json.writeValueAsBytes(requests.translate(claude, context));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request tree always serialises", e);
        }
    }

    @Override
    public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
        return answers.translate(parse(upstreamBody, "the upstream's answer is not JSON"), context);
    }

    @Override
    public StreamTranslation newStreamTranslation(TranslationContext context) {
        return new ChatStreamToAnthropic(json, anthropicErrors, context.clientModel());
    }

    private JsonNode parse(byte[] body, String whenNotJson) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new TranslationException(whenNotJson);
            }
            return node;
        } catch (IOException e) {
            throw new TranslationException(whenNotJson);
        }
    }
}
