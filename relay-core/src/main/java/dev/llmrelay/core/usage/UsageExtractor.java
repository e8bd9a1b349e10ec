package dev.llmrelay.core.usage;

import com.fasterxml.jackson.core.JsonFactory;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.json.PooledJson;

/**
 * Reads the tokens an upstream answer used, in one protocol, into the normal form of {@link TokenUsage}:
 * input excludes cache writes and reads, output includes reasoning, and an absent or null counter is 0.
 *
 * <p>Extraction never throws on what an upstream sends: a body or event that is not valid JSON, or holds
 * no usage, adds nothing. Only the JSON members that can hold usage are parsed. Implementations are
 * immutable and may be shared by all requests.
 */
public interface UsageExtractor {

    /** The usage in a whole (non-streamed) answer body, {@link TokenUsage#ZERO} when it reports none. */
    TokenUsage fromBody(byte[] json);

    /** A fresh tracker for one streamed answer. */
    StreamUsage newStream();

    /** The extractor for answers in {@code protocol}, with a JSON factory of its own. */
    static UsageExtractor forProtocol(Protocol protocol) {
        return forProtocol(protocol, PooledJson.newFactory());
    }

    /** The extractor for answers in {@code protocol}, parsing with {@code json}. */
    static UsageExtractor forProtocol(Protocol protocol, JsonFactory json) {
        return switch (protocol) {
            case ANTHROPIC_MESSAGES -> new AnthropicMessagesUsageExtractor(json);
            case OPENAI_CHAT -> new OpenAiChatUsageExtractor(json);
            case OPENAI_RESPONSES -> new OpenAiResponsesUsageExtractor(json);
            case GEMINI -> GeminiUsageExtractor.gemini(json);
            case GEMINI_CODE_ASSIST -> GeminiUsageExtractor.codeAssist(json);
        };
    }
}
