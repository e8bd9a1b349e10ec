package dev.llmrelay.host;

import java.util.List;
import mockwebserver3.MockResponse;

/**
 * One two-turn tool exchange as each upstream protocol answers it, whole or streamed: turn one calls
 * {@code get_weather} with {@code {"city":"Paris"}}, turn two (after the tool's result) says
 * {@value #ANSWER}. Every answer reports 40 tokens in and 12 out, so what a client's SDK sees can be checked
 * against one set of numbers whatever the protocol.
 */
final class WeatherToolUpstreams {
    static final String TOOL = "get_weather";
    static final String QUESTION = "What is the weather in Paris?";
    static final String TOOL_RESULT = "18°C and sunny";
    static final String ANSWER = "It is 18°C and sunny in Paris.";

    private WeatherToolUpstreams() {
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse eventStream(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    /** Turn one of an Anthropic upstream: a text block, then a tool_use of {@code toolu_01Weather}. */
    static MockResponse anthropicToolUse(boolean stream) {
        if (!stream) {
            return json("""
                    {"id":"msg_tool","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                     "content":[{"type":"text","text":"Let me check."},
                                {"type":"tool_use","id":"toolu_01Weather","name":"get_weather","input":{"city":"Paris"}}],
                     "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":12}}""");
        }
        return eventStream("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_tool","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me check."}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: content_block_start
                data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01Weather","name":"get_weather","input":{}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"city\\": "}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\\"Paris\\"}"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":1}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":12}}

                event: message_stop
                data: {"type":"message_stop"}

                """);
    }

    /** Turn two of an Anthropic upstream: the answer as one text. */
    static MockResponse anthropicAnswer(boolean stream) {
        if (!stream) {
            return json("""
                    {"id":"msg_answer","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                     "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
                     "usage":{"input_tokens":40,"output_tokens":12}}""".formatted(ANSWER));
        }
        return eventStream("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_answer","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"It is 18°C "}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"and sunny in Paris."}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}}

                event: message_stop
                data: {"type":"message_stop"}

                """);
    }

    /** Turn one of a Chat upstream: a tool call {@code call_weather}, its arguments in two pieces when streamed. */
    static MockResponse chatToolCall(boolean stream) {
        if (!stream) {
            return json("""
                    {"id":"chatcmpl-tool","object":"chat.completion","created":1700000000,"model":"qwen3-coder",
                     "choices":[{"index":0,"message":{"role":"assistant","content":null,
                       "tool_calls":[{"id":"call_weather","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                       "finish_reason":"tool_calls"}],
                     "usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}""");
        }
        String chunk = "\"id\":\"chatcmpl-tool\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"qwen3-coder\"";
        return eventStream("""
                data: {%1$s,"choices":[{"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_weather","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

                data: {%1$s,"choices":[],"usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}

                data: [DONE]

                """.formatted(chunk));
    }

    /** Turn two of a Chat upstream: the answer as one text. */
    static MockResponse chatAnswer(boolean stream) {
        if (!stream) {
            return json("""
                    {"id":"chatcmpl-answer","object":"chat.completion","created":1700000000,"model":"qwen3-coder",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}""".formatted(ANSWER));
        }
        String chunk = "\"id\":\"chatcmpl-answer\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"qwen3-coder\"";
        return eventStream("""
                data: {%1$s,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{"content":"It is 18°C "},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{"content":"and sunny in Paris."},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                data: {%1$s,"choices":[],"usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}

                data: [DONE]

                """.formatted(chunk));
    }

    /** Turn one of a Gemini upstream: a functionCall (without an id, as Gemini sends it). */
    static MockResponse geminiFunctionCall(boolean stream) {
        String answer = geminiFunctionCallJson();
        return stream ? eventStream("data: " + answer + "\n\n") : json(answer);
    }

    static String geminiFunctionCallJson() {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
                + "\"args\":{\"city\":\"Paris\"}}}]},\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":40,\"candidatesTokenCount\":12,\"totalTokenCount\":52},"
                + "\"modelVersion\":\"gemini-2.5-pro\"}";
    }

    /** Turn two of a Gemini upstream: the answer as one text, in two chunks when streamed. */
    static MockResponse geminiAnswer(boolean stream) {
        if (!stream) {
            return json(geminiAnswerJson());
        }
        return eventStream(geminiAnswerChunks().stream().map(chunk -> "data: " + chunk + "\n\n")
                .reduce("", String::concat));
    }

    static String geminiAnswerJson() {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + ANSWER + "\"}]},"
                + "\"finishReason\":\"STOP\",\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":40,\"candidatesTokenCount\":12,\"totalTokenCount\":52},"
                + "\"modelVersion\":\"gemini-2.5-pro\"}";
    }

    static List<String> geminiAnswerChunks() {
        return List.of(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"It is 18°C \"}]},\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":40,\"candidatesTokenCount\":5,\"totalTokenCount\":45}}",
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"and sunny in Paris.\"}]},"
                        + "\"finishReason\":\"STOP\",\"index\":0}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":40,\"candidatesTokenCount\":12,\"totalTokenCount\":52}}");
    }

    /** Code Assist's answer to {@code loadCodeAssist} for a set-up Google account whose project is {@code project}. */
    static MockResponse loadCodeAssist(String project) {
        return json("""
                {"currentTier":{"id":"free-tier","name":"Gemini Code Assist for individuals"},
                 "allowedTiers":[{"id":"free-tier","isDefault":true}],"cloudaicompanionProject":"%s"}""".formatted(project));
    }

    /** Turn one of a Code Assist upstream: Gemini's functionCall in Code Assist's {@code response} envelope. */
    static MockResponse codeAssistFunctionCall(boolean stream) {
        String answer = codeAssist(geminiFunctionCallJson());
        return stream ? eventStream("data: " + answer + "\n\n") : json(answer);
    }

    /** Turn two of a Code Assist upstream: Gemini's answer in Code Assist's envelope, in two chunks when streamed. */
    static MockResponse codeAssistAnswer(boolean stream) {
        if (!stream) {
            return json(codeAssist(geminiAnswerJson()));
        }
        return eventStream(geminiAnswerChunks().stream().map(chunk -> "data: " + codeAssist(chunk) + "\n\n")
                .reduce("", String::concat));
    }

    private static String codeAssist(String geminiAnswer) {
        return "{\"response\":" + geminiAnswer + ",\"traceId\":\"trace-7\"}";
    }
}
