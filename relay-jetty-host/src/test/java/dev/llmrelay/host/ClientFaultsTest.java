package dev.llmrelay.host;

import static dev.llmrelay.host.FaultyUpstream.head;
import static dev.llmrelay.host.FaultyUpstream.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.host.RawHttp.RawResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that misbehave: a thousand that leave in the middle of their streams, one that sends its body a byte a
 * second, one whose headers are over the limit. The relay cuts each off with the right status and keeps nothing
 * of theirs open.
 */
class ClientFaultsTest {
    private static final int CLIENTS = 1000;

    @TempDir
    Path dataDir;

    private final AtomicInteger upstreamWritesFailed = new AtomicInteger();
    private FaultyUpstream upstream;
    private RelayHarness relay;
    private String key;

    @BeforeEach
    void start() {
        // an endless stream: a delta every 50 ms until the relay hangs up (or 60 s pass)
        upstream = new FaultyUpstream((socket, out) -> {
            head(out, "HTTP/1.1 200 OK", "Content-Type: text/event-stream");
            try {
                write(out, AnthropicUpstream.FIRST_EVENTS);
                for (int i = 0; i < 1200; i++) {
                    write(out, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"more\"}}\n\n");
                    Thread.sleep(50);
                }
            } catch (IOException relayHungUp) {
                upstreamWritesFailed.incrementAndGet();
                throw relayHungUp;
            }
        });
        relay = RelayHarness.start(dataDir);
        relay.createClaudeAccount("endless", "sk-endless", upstream.baseUrl());
        key = relay.issueKey("crowd");
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.close();
    }

    @Test
    void aThousandClientsLeavingMidStreamLeaveNoUpstreamCallOpenAndNoLeaseHeld() throws Exception {
        byte[] request = post(RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", true));
        var sawFirstEvent = new AtomicInteger();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                running.add(clients.submit(() -> {
                    try (Socket socket = RawHttp.connect(relay.port())) {
                        socket.getOutputStream().write(request);
                        if (readUntil(socket.getInputStream(), "event: message_start")) {
                            sawFirstEvent.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        }

        assertThat(sawFirstEvent).hasValue(CLIENTS);
        // Clients see their first event before the relay notices them gone: wait until every request has ended.
        Scrape idle = Poll.until(Duration.ofSeconds(30), () -> {
            Scrape metrics = relay.metrics();
            return upstream.openConnections() == 0 && metrics.count("relay_requests_active") == 0
                    && metrics.value("relay_streams_open").orElse(-1) == 0
                    && metrics.value("relay_leases_held", "kind", "key").orElse(-1) == 0
                    && metrics.value("relay_leases_held", "kind", "account").orElse(-1) == 0 ? metrics : null;
        });
        assertThat(upstream.requestCount()).isEqualTo(CLIENTS);
        assertThat(upstreamWritesFailed).as("every upstream call was cut, none ran to its end").hasValue(CLIENTS);
        assertThat(idle.value("relay_streams_open")).hasValue(0);
        assertThat(idle.value("relay_leases_held", "kind", "key")).hasValue(0);
        assertThat(idle.value("relay_leases_held", "kind", "account")).hasValue(0);
        assertThat(idle.sum("relay_requests_total", "route", "claude.messages", "status", "200")).isEqualTo(CLIENTS);
    }

    @Test
    void aClientSendingItsBodyAByteASecondIsCutOffWith408() throws Exception {
        String body = RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", false);
        String head = "POST /claude/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + key
                + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n";
        long started = System.nanoTime();
        RawResponse response;
        try (Socket socket = RawHttp.connect(relay.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                for (int i = 0; i < 30; i++) {
                    out.write(body.charAt(i));
                    out.flush();
                    Thread.sleep(1000);
                    if (socket.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (IOException cutOff) {
                // the relay may close while we still send
            }
            response = RawHttp.read(socket.getInputStream());
        }

        assertThat(response.status()).isEqualTo(408);
        assertThat(response.body()).contains("\"type\":\"error\"").contains("timeout_error");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(upstream.requestCount()).isZero();
    }

    @Test
    void headersOverTheLimitAre431() {
        RawResponse response = RawHttp.exchange(relay.port(), ("POST /claude/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "x-api-key: " + key + "\r\nx-padding: " + "a".repeat(20_000) + "\r\ncontent-length: 2\r\n"
                + "Connection: close\r\n\r\n{}").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(response.status()).isEqualTo(431);
        assertThat(response.header("content-type")).hasValue("application/json");
        assertThat(response.body()).contains("\"error\"").doesNotContain("<html").doesNotContain(key);
        assertThat(upstream.requestCount()).isZero();
    }

    private byte[] post(String body) {
        return ("POST /claude/v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + key
                + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Reads until {@code marker} has come by; false when the connection ends first. */
    private static boolean readUntil(InputStream in, String marker) throws IOException {
        var seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        int read;
        while ((read = in.read(buffer)) != -1) {
            seen.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
            if (seen.indexOf(marker) >= 0) {
                return true;
            }
        }
        return false;
    }
}
