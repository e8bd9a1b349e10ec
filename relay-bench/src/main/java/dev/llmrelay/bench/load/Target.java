package dev.llmrelay.bench.load;

import dev.llmrelay.bench.mock.AnswerScript;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the load goes: the mock upstream itself ({@code direct}) or the relay in front of it, with the paths
 * and the key a client of each uses.
 *
 * @param name {@code direct} or {@code relay}, as the report names it
 */
public record Target(String name, String host, int port, String anthropicPath, String chatPath, String key) {

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(key, "key");
    }

    /** The mock upstream, as a provider SDK would call it. */
    public static Target direct(int mockPort) {
        return new Target("direct", "127.0.0.1", mockPort, "/v1/messages", "/v1/chat/completions", "sk-bench");
    }

    /** The relay in front of the mock, with a relay key. */
    public static Target relay(String host, int port, String relayKey) {
        return new Target("relay", host, port, "/claude/v1/messages", "/openai/v1/chat/completions", relayKey);
    }

    /** The whole HTTP/1.1 request, ready to write on a keep-alive connection. */
    public byte[] request(BenchProtocol protocol, AnswerScript script, boolean stream) {
        String body = "{\"model\":\"" + protocol.model() + "\",\"max_tokens\":256,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say something for the benchmark.\"}],"
                + script.asBodyFields() + "}";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String credential = protocol == BenchProtocol.ANTHROPIC
                ? "x-api-key: " + key + "\r\nanthropic-version: 2023-06-01\r\n"
                : "Authorization: Bearer " + key + "\r\n";
        String head = "POST " + (protocol == BenchProtocol.ANTHROPIC ? anthropicPath : chatPath) + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "User-Agent: relay-bench\r\n"
                + credential
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, request, headBytes.length, bodyBytes.length);
        return request;
    }
}
