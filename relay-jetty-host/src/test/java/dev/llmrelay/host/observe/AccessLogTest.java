package dev.llmrelay.host.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.event.RequestEnded;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An access log line is one line of logfmt that a client cannot forge and that never shows a key. */
class AccessLogTest {

    private static RequestEnded request(String path, String model) {
        return new RequestEnded("claude.messages", "POST", path, 200, Optional.of("key_1"), Optional.of("acc_1"),
                Optional.of(Platform.CLAUDE), model, true, new TokenUsage(10, 20, 30, 40, 0, 0), 0.0125,
                Duration.ofMillis(1234), Optional.of(Duration.ofMillis(56)));
    }

    @Test
    void aLineHasEveryFieldInOrder() {
        assertThat(AccessLog.line(request("/claude/v1/messages", "claude-sonnet-4-5"))).isEqualTo(
                "route=claude.messages method=POST path=/claude/v1/messages status=200 key=key_1 account=acc_1"
                        + " platform=claude model=claude-sonnet-4-5 stream=true input_tokens=10 output_tokens=20"
                        + " cache_write_tokens=30 cache_read_tokens=40 cost_usd=0.012500 latency_ms=1234 ttfb_ms=56");
    }

    @Test
    void aClientCannotBreakTheLineOrAddFields() {
        String line = AccessLog.line(request("/claude/v1/messages\n2026 INFO forged status=200",
                "model\" key=key_admin\r\nx"));

        assertThat(line).doesNotContain("\n").doesNotContain("\r").doesNotContain(" status=200 key=key_1 status")
                .contains("path=/claude/v1/messages%0A2026%20INFO%20forged%20status=200 ")
                .contains("model=model%22%20key=key_admin%0D%0Ax ");
        assertThat(line.split(" key=")).hasSize(2);
    }

    @Test
    void aRelayKeyPastedIntoAPathIsMasked() {
        assertThat(AccessLog.line(request("/claude/rk_live_S3cr3tKeyMaterial/v1/messages", "m")))
                .contains("path=/claude/rk_****/v1/messages ").doesNotContain("S3cr3t");
    }

    @Test
    void nonAsciiIsEscapedNotDropped() {
        assertThat(AccessLog.line(request("/gemini/v1beta/models/gémini:generateContent", "m")))
                .contains("path=/gemini/v1beta/models/g%C3%A9mini:generateContent ");
    }
}
