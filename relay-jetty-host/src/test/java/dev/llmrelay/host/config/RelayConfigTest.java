package dev.llmrelay.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayConfigTest {

    @Test
    void defaultsAreTheContracts() {
        var config = RelayConfig.fromEnvironment(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.dataDir()).isEqualTo(Path.of("relay-data"));
        assertThat(config.redisUrl()).isEmpty();
        assertThat(config.adminToken()).isEmpty();
        assertThat(config.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyVariableIsRead() {
        var config = RelayConfig.fromEnvironment(Map.of("RELAY_PORT", "9090", "RELAY_BIND", "0.0.0.0",
                "RELAY_DATA_DIR", "/srv/relay", "RELAY_ADMIN_TOKEN", " tok ", "RELAY_ENCRYPTION_KEY", "a2V5",
                "RELAY_MAX_BODY_BYTES", "1024", "RELAY_SHUTDOWN_GRACE_SECONDS", "5",
                "RELAY_REDIS_URL", "redis://127.0.0.1:6379/0"));

        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/relay"));
        assertThat(config.adminToken()).hasValue("tok");
        assertThat(config.encryptionKey()).hasValue("a2V5");
        assertThat(config.maxBodyBytes()).isEqualTo(1024);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.redisUrl()).hasValue("redis://127.0.0.1:6379/0");
    }

    @Test
    void badNumbersAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(Map.of("RELAY_PORT", "abc")))
                .hasMessage("RELAY_PORT must be a whole number, was 'abc'");
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(Map.of("RELAY_PORT", "4294967376")))
                .hasMessageContaining("RELAY_PORT is out of range");
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(Map.of("RELAY_PORT", "70000")))
                .hasMessageContaining("RELAY_PORT must be 0 to 65535");
        assertThatThrownBy(() -> RelayConfig.fromEnvironment(Map.of("RELAY_MAX_BODY_BYTES", "0")))
                .hasMessageContaining("RELAY_MAX_BODY_BYTES must be positive");
    }
}
