package dev.llmrelay.host;

import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * What the local upstreams of the real-CLI checks answer: whole and streamed answers of the Anthropic Messages,
 * OpenAI Responses and OpenAI Chat protocols carrying one text, with integer usage, and a print of the requests
 * an upstream saw (its credential masked) for the failure messages.
 */
final class CliUpstreamAnswers {
    private CliUpstreamAnswers() {
    }

    static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse eventStream(String body) {
        return new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(body).build();
    }

    /** A whole Anthropic message: 30 tokens in, 9 out. */
    static String anthropicMessage(String text) {
        return """
                {"id":"msg_whole","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
                 "usage":{"input_tokens":30,"output_tokens":9}}""".formatted(text);
    }

    /** An Anthropic stream from message_start to message_stop: 30 tokens in, 9 out. */
    static String anthropicStream(String text) {
        return """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_cli","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":30,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"%s"}}

                event: content_block_stop
                data: {"type":"content_block_stop","index":0}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}

                event: message_stop
                data: {"type":"message_stop"}

                """.formatted(text);
    }

    private static String responsesMessageItem(String text) {
        return "{\"id\":\"msg_cli\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"" + text + "\",\"annotations\":[]}]}";
    }

    private static final String RESPONSES_USAGE = "{\"input_tokens\":30,\"input_tokens_details\":{\"cached_tokens\":0},"
            + "\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":39}";

    /** A whole Responses answer: 30 tokens in, 9 out. */
    static String responsesWhole(String model, String text) {
        return "{\"id\":\"resp_whole\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"completed\",\"model\":\""
                + model + "\",\"output\":[" + responsesMessageItem(text) + "],\"usage\":" + RESPONSES_USAGE + "}";
    }

    /**
     * A Responses stream as OpenAI sends it: response.created, in_progress, the message item added, its text
     * part and delta, the item done, and response.completed with the output and integer usage (30 in, 9 out),
     * which is what Codex needs to end a turn.
     */
    static String responsesStream(String model, String text) {
        String response = "\"id\":\"resp_cli\",\"object\":\"response\",\"created_at\":1700000000,\"model\":\"" + model + "\"";
        String item = responsesMessageItem(text);
        return """
                event: response.created
                data: {"type":"response.created","sequence_number":0,"response":{%1$s,"status":"in_progress","output":[]}}

                event: response.in_progress
                data: {"type":"response.in_progress","sequence_number":1,"response":{%1$s,"status":"in_progress","output":[]}}

                event: response.output_item.added
                data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_cli","type":"message","status":"in_progress","role":"assistant","content":[]}}

                event: response.content_part.added
                data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_cli","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}

                event: response.output_text.delta
                data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_cli","output_index":0,"content_index":0,"delta":"%2$s"}

                event: response.output_text.done
                data: {"type":"response.output_text.done","sequence_number":5,"item_id":"msg_cli","output_index":0,"content_index":0,"text":"%2$s"}

                event: response.content_part.done
                data: {"type":"response.content_part.done","sequence_number":6,"item_id":"msg_cli","output_index":0,"content_index":0,"part":{"type":"output_text","text":"%2$s","annotations":[]}}

                event: response.output_item.done
                data: {"type":"response.output_item.done","sequence_number":7,"output_index":0,"item":%3$s}

                event: response.completed
                data: {"type":"response.completed","sequence_number":8,"response":{%1$s,"status":"completed","output":[%3$s],"usage":%4$s}}

                """.formatted(response, text, item, RESPONSES_USAGE);
    }

    /** A Chat Completions stream with a usage chunk (30 in, 9 out) and [DONE]. */
    static String chatStream(String model, String text) {
        String chunk = "\"id\":\"chatcmpl-cli\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + model + "\"";
        return """
                data: {%1$s,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{"content":"%2$s"},"finish_reason":null}]}

                data: {%1$s,"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                data: {%1$s,"choices":[],"usage":{"prompt_tokens":30,"completion_tokens":9,"total_tokens":39}}

                data: [DONE]

                """.formatted(chunk, text);
    }

    /** A whole Chat Completions answer: 30 tokens in, 9 out. */
    static String chatWhole(String model, String text) {
        return """
                {"id":"chatcmpl-whole","object":"chat.completion","created":1700000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":30,"completion_tokens":9,"total_tokens":39}}""".formatted(model, text);
    }

    /** The method, target and headers of each request, with credential headers masked. */
    static String describe(List<RecordedRequest> requests) {
        var text = new StringBuilder();
        for (RecordedRequest request : requests) {
            text.append(request.getMethod()).append(' ').append(request.getTarget()).append('\n');
            request.getHeaders().forEach(header -> {
                String name = header.getFirst();
                boolean secret = name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("x-api-key")
                        || name.equalsIgnoreCase("x-goog-api-key");
                text.append("  ").append(name).append(": ").append(secret ? "<...>" : header.getSecond()).append('\n');
            });
        }
        return text.toString();
    }
}
