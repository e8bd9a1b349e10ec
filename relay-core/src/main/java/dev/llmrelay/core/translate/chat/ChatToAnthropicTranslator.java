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
import java.time.Clock;
import java.util.Objects;

/**
 * Serves OpenAI Chat Completions clients (apps such as Cherry Studio) on Claude accounts: their request as a
 * Messages request, Claude's answer or stream as a chat completion or chunks. Follows the shared vectors'
 * mapping decisions; what Claude cannot express ({@code n > 1}, log probabilities, audio, penalties, JSON
 * response formats, unknown fields) is refused with a 400 in OpenAI's error shape before any upstream call.
 * Stateless and shared; {@code created} is read from the clock.
 */
public final class ChatToAnthropicTranslator implements ProtocolTranslator {
    private final ObjectMapper json;
    private final Clock clock;
    private final ChatRequestToAnthropic requests;
    private final AnthropicAnswerToChat answers;
    private final ErrorRenderer chatErrors;

    public ChatToAnthropicTranslator() {
        this(PooledJson.newMapper());
    }

    public ChatToAnthropicTranslator(ObjectMapper json) {
        this(json, Clock.systemUTC());
    }

    public ChatToAnthropicTranslator(Clock clock) {
        this(PooledJson.newMapper(), clock);
    }

    public ChatToAnthropicTranslator(ObjectMapper json, Clock clock) {
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.requests = new ChatRequestToAnthropic(json);
        this.answers = new AnthropicAnswerToChat(json);
        this.chatErrors = ErrorRenderer.forProtocol(Protocol.OPENAI_CHAT, json);
    }

    @Override
    public Protocol client() {
        return Protocol.OPENAI_CHAT;
    }

    @Override
    public Protocol upstream() {
        return Protocol.ANTHROPIC_MESSAGES;
    }

    @Override
    public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
        JsonNode chat = parse(clientBody, "the request body is not JSON");
        try {
            return json.writeValueAsBytes(requests.translate(chat, context));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request tree always serialises", e);
        }
    }

    @Override
    public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
        return answers.translate(parse(upstreamBody, "the upstream's answer is not JSON"), context, now());
    }

    /** A stream translation that ends with a usage chunk when the client asked for it. */
    @Override
    public StreamTranslation newStreamTranslation(TranslationContext context) {
        return new AnthropicStreamToChat(json, chatErrors, context.clientModel(), now(), context.includeUsage());
    }

    private long now() {
        return clock.instant().getEpochSecond();
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
