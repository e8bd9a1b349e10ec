package dev.llmrelay.bench.mock;

import java.nio.charset.StandardCharsets;

/**
 * How the mock upstream answers one request, carried in the request body itself so that it passes through
 * the relay unchanged: {@code "bench_events"} text events (or one whole answer), each with
 * {@code "bench_text_bytes"} of text, {@code "bench_pace_ms"} apart.
 *
 * @param events how many text events a stream carries between its opening and closing events
 * @param paceMillis the pause before each text event; 0 sends them as fast as the reader takes them
 * @param textBytes the text each event (or the whole answer) carries
 */
public record AnswerScript(int events, int paceMillis, int textBytes) {

    public static final AnswerScript DEFAULT = new AnswerScript(10, 0, 64);

    public AnswerScript {
        if (events < 0 || paceMillis < 0 || textBytes < 0) {
            throw new IllegalArgumentException("an answer script's counts cannot be negative");
        }
    }

    /** The body fields that ask the mock for this script, to splice into a request body's top-level object. */
    public String asBodyFields() {
        return "\"bench_events\":" + events + ",\"bench_pace_ms\":" + paceMillis + ",\"bench_text_bytes\":" + textBytes;
    }

    /** The script a request body asks for; {@link #DEFAULT}'s values where it names none. */
    static AnswerScript in(byte[] body) {
        return new AnswerScript(number(body, "\"bench_events\":", DEFAULT.events),
                number(body, "\"bench_pace_ms\":", DEFAULT.paceMillis),
                number(body, "\"bench_text_bytes\":", DEFAULT.textBytes));
    }

    /** Whether a request body asks for a stream ({@code "stream":true}), read without a JSON parser. */
    static boolean asksForStream(byte[] body) {
        return indexOf(body, "\"stream\":true".getBytes(StandardCharsets.US_ASCII)) >= 0
                || indexOf(body, "\"stream\": true".getBytes(StandardCharsets.US_ASCII)) >= 0;
    }

    private static int number(byte[] body, String key, int fallback) {
        int at = indexOf(body, key.getBytes(StandardCharsets.US_ASCII));
        if (at < 0) {
            return fallback;
        }
        int i = at + key.length();
        while (i < body.length && body[i] == ' ') {
            i++;
        }
        int value = 0;
        boolean any = false;
        while (i < body.length && body[i] >= '0' && body[i] <= '9') {
            value = value * 10 + (body[i++] - '0');
            any = true;
        }
        return any ? value : fallback;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
