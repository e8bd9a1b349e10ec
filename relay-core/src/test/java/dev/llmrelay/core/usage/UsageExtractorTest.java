package dev.llmrelay.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageExtractorTest {

    private static final String MESSAGE_START = """
            {"type":"message_start","message":{"id":"msg_1","content":[{"type":"text","text":"usage"}],\
            "usage":{"input_tokens":10,"cache_creation_input_tokens":300,"cache_read_input_tokens":2000,\
            "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":200},"output_tokens":1}}}""";

    @Test
    void anthropicStreamCutBeforeMessageDeltaKeepsMessageStartCounts() {
        StreamUsage stream = UsageExtractor.forProtocol(Protocol.ANTHROPIC_MESSAGES).newStream();

        stream.onEvent(SseEvent.of("message_start", MESSAGE_START));
        stream.onEvent(SseEvent.of("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));

        assertThat(stream.current()).isEqualTo(new TokenUsage(10, 1, 300, 2000, 200, 0));
    }

    @Test
    void anthropicMessageDeltaReplacesTheCountersItCarriesAndNeverAdds() {
        StreamUsage stream = UsageExtractor.forProtocol(Protocol.ANTHROPIC_MESSAGES).newStream();

        stream.onEvent(SseEvent.of("message_start", MESSAGE_START));
        stream.onEvent(SseEvent.of("message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":12,\
                "cache_read_input_tokens":null,"output_tokens":90,"output_tokens_details":{"thinking_tokens":40}}}"""));
        stream.onEvent(SseEvent.of("message_delta",
                "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":120}}"));
        stream.onEvent(SseEvent.of("message_stop", "{\"type\":\"message_stop\"}"));

        assertThat(stream.current()).isEqualTo(new TokenUsage(12, 120, 300, 2000, 200, 40));
    }

    @Test
    void anthropicUsageIsReadFromTheEventNameNotFromUnnamedData() {
        StreamUsage stream = UsageExtractor.forProtocol(Protocol.ANTHROPIC_MESSAGES).newStream();

        stream.onEvent(SseEvent.data(MESSAGE_START));

        assertThat(stream.current()).isEqualTo(TokenUsage.ZERO);
    }

    @Test
    void anthropicBodyGivesOneHourCacheWritesAndThinking() {
        TokenUsage usage = UsageExtractor.forProtocol(Protocol.ANTHROPIC_MESSAGES).fromBody(bytes("""
                {"content":[{"type":"text","text":"{\\"usage\\":{\\"input_tokens\\":999}}"}],
                 "usage":{"input_tokens":5,"cache_creation_input_tokens":50,"cache_read_input_tokens":null,
                          "cache_creation":{"ephemeral_1h_input_tokens":50},"output_tokens":70,
                          "output_tokens_details":{"thinking_tokens":30}}}"""));

        assertThat(usage).isEqualTo(new TokenUsage(5, 70, 50, 0, 50, 30));
    }

    @Test
    void chatStreamTakesTheLastNonNullUsageAndTreatsDoneAsNoUsage() {
        StreamUsage stream = UsageExtractor.forProtocol(Protocol.OPENAI_CHAT).newStream();

        stream.onEvent(SseEvent.data("{\"choices\":[{\"delta\":{\"content\":\"\\\"usage\\\"\"}}],\"usage\":null}"));
        stream.onEvent(SseEvent.data("{\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":7,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":60,\"cache_write_tokens\":30}}}"));
        stream.onEvent(SseEvent.data("{\"choices\":[],\"usage\":null}"));
        stream.onEvent(SseEvent.data("[DONE]"));

        assertThat(stream.current()).isEqualTo(new TokenUsage(10, 7, 30, 60, 0, 0));
    }

    @Test
    void responsesStreamReadsTheTerminalEventOnly() {
        StreamUsage stream = UsageExtractor.forProtocol(Protocol.OPENAI_RESPONSES).newStream();
        String usage = "\"usage\":{\"input_tokens\":50,\"input_tokens_details\":{\"cached_tokens\":20},"
                + "\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":4}}";

        stream.onEvent(SseEvent.of("response.in_progress", "{\"response\":{" + usage + "}}"));
        assertThat(stream.current()).isEqualTo(TokenUsage.ZERO);

        stream.onEvent(SseEvent.of("response.incomplete",
                "{\"type\":\"response.incomplete\",\"response\":{\"output\":[]," + usage + "}}"));
        assertThat(stream.current()).isEqualTo(new TokenUsage(30, 9, 0, 20, 0, 4));
    }

    @Test
    void responsesStreamWithoutEventNamesUsesTheDataType() {
        StreamUsage stream = UsageExtractor.forProtocol(Protocol.OPENAI_RESPONSES).newStream();
        String usage = "\"usage\":{\"input_tokens\":50,\"output_tokens\":9}";

        stream.onEvent(SseEvent.data("{\"type\":\"response.created\",\"response\":{" + usage + "}}"));
        assertThat(stream.current()).isEqualTo(TokenUsage.ZERO);

        stream.onEvent(SseEvent.data("{\"response\":{\"output\":[]," + usage + "},\"type\":\"response.completed\"}"));
        assertThat(stream.current()).isEqualTo(new TokenUsage(50, 9, 0, 0, 0, 0));
    }

    @Test
    void geminiCodeAssistBodyIsReadInsideItsEnvelope() {
        byte[] body = bytes("""
                {"response":{"candidates":[],"usageMetadata":{"promptTokenCount":100,"cachedContentTokenCount":40,
                 "toolUsePromptTokenCount":5,"candidatesTokenCount":8,"thoughtsTokenCount":12}},"traceId":"t"}""");

        assertThat(UsageExtractor.forProtocol(Protocol.GEMINI_CODE_ASSIST).fromBody(body))
                .isEqualTo(new TokenUsage(65, 20, 0, 40, 0, 12));
        assertThat(UsageExtractor.forProtocol(Protocol.GEMINI).fromBody(body)).isEqualTo(TokenUsage.ZERO);
    }

    @Test
    void malformedJsonAddsNothingAndNeverThrows() {
        for (Protocol protocol : Protocol.values()) {
            UsageExtractor extractor = UsageExtractor.forProtocol(protocol);
            StreamUsage stream = extractor.newStream();
            for (String data : new String[] {"{\"usage\":{\"input_tokens\":5", "not json \"usage\" \"usageMetadata\"",
                "", "[1,2]"}) {
                stream.onEvent(SseEvent.data(data));
                stream.onEvent(SseEvent.of("message_start", data));
                stream.onEvent(SseEvent.of("response.completed", data));
                assertThat(extractor.fromBody(bytes(data))).as("%s %s", protocol, data).isEqualTo(TokenUsage.ZERO);
            }
            assertThat(stream.current()).as("%s", protocol).isEqualTo(TokenUsage.ZERO);
        }
    }

    @Test
    void inconsistentCountsNeverGoNegative() {
        TokenUsage usage = UsageExtractor.forProtocol(Protocol.OPENAI_CHAT).fromBody(bytes(
                "{\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":-3,\"prompt_tokens_details\":{\"cached_tokens\":64}}}"));

        assertThat(usage).isEqualTo(new TokenUsage(0, 0, 0, 64, 0, 0));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
