package dev.llmrelay.host;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/** Canned answers of an Anthropic upstream, as MockWebServer responses. */
final class AnthropicUpstream {
    private AnthropicUpstream() {
    }

    static final String MESSAGE = """
            {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Hello from upstream!"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":40,
                      "cache_creation":{"ephemeral_5m_input_tokens":100,"ephemeral_1h_input_tokens":0},
                      "output_tokens":7,"service_tier":"standard"}}
            """;

    static final String FIRST_EVENTS = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_01Stream","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":300,"output_tokens":1}}}

            """;

    static final String REST_EVENTS = """
            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", wörld 🌍"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    static MockResponse message() {
        return new MockResponse.Builder()
                .setHeader("Content-Type", "application/json")
                .setHeader("request-id", "req_upstream_1")
                .body(MESSAGE)
                .build();
    }

    static MockResponse stream() {
        return new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream; charset=utf-8")
                .setHeader("request-id", "req_upstream_2")
                .body(FIRST_EVENTS + REST_EVENTS)
                .build();
    }

    static MockResponse error(int status, String type, String message) {
        return new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "application/json")
                .body("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
                .build();
    }

    /**
     * A stream that sends its first event, then holds the rest back until {@code release} opens (or 20 s
     * pass, so a failing test cannot hang the build).
     */
    static MockResponse streamHeldBackAfterFirstEvent(CountDownLatch release) {
        return new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream; charset=utf-8")
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return -1;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws java.io.IOException {
                        sink.writeUtf8(FIRST_EVENTS);
                        sink.flush();
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        sink.writeUtf8(REST_EVENTS);
                        sink.flush();
                    }
                })
                .build();
    }
}
