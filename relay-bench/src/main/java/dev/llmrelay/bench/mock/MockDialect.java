package dev.llmrelay.bench.mock;

import java.nio.charset.StandardCharsets;

/**
 * What the mock says in one provider's protocol: a whole answer, and a stream's events. Each text event ends
 * its JSON with {@code "t":<System.nanoTime() at writing>}, so a reader on this machine can tell how long
 * the event took to reach it (Linux's monotonic clock is one clock for all processes).
 */
enum MockDialect {
    ANTHROPIC {
        @Override
        byte[] wholeAnswer(String text) {
            return ("{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-bench\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":" + tokens(text) + "}}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] openingEvents() {
            return ("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-bench\",\"content\":[],"
                    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n"
                    + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] textEvent(String text, long nanoTime) {
            return ("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"},\"t\":" + nanoTime + "}\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] closingEvents(int outputTokens) {
            return ("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n").getBytes(StandardCharsets.UTF_8);
        }
    },
    OPENAI_CHAT {
        @Override
        byte[] wholeAnswer(String text) {
            return ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1764000000,"
                    + "\"model\":\"gpt-bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,"
                    + "\"completion_tokens\":" + tokens(text) + ",\"total_tokens\":" + (12 + tokens(text)) + "}}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] openingEvents() {
            return ("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
                    + "\"model\":\"gpt-bench\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + "\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] textEvent(String text, long nanoTime) {
            return ("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
                    + "\"model\":\"gpt-bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},"
                    + "\"finish_reason\":null}],\"t\":" + nanoTime + "}\n\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        byte[] closingEvents(int outputTokens) {
            return ("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,"
                    + "\"model\":\"gpt-bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + outputTokens + ",\"total_tokens\":"
                    + (12 + outputTokens) + "}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        }
    };

    abstract byte[] wholeAnswer(String text);

    abstract byte[] openingEvents();

    abstract byte[] textEvent(String text, long nanoTime);

    abstract byte[] closingEvents(int outputTokens);

    private static int tokens(String text) {
        return Math.max(1, text.length() / 4);
    }
}
