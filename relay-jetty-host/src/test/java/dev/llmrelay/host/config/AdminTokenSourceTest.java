package dev.llmrelay.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenSourceTest {
    @TempDir
    Path dataDir;

    @Test
    void aGeneratedTokenIsKeptOwnerOnlyAndReusedAtTheNextStart() throws IOException {
        var config = RelayConfig.forDataDir(dataDir);

        var first = AdminTokenSource.resolve(config, new SecureRandom());
        var second = AdminTokenSource.resolve(config, new SecureRandom());

        assertThat(first.generated()).isTrue();
        assertThat(first.token().reveal()).startsWith("adm_").hasSizeGreaterThan(40);
        assertThat(second.generated()).isFalse();
        assertThat(second.token()).isEqualTo(first.token());
        Path file = dataDir.resolve(AdminTokenSource.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files).as("no temporary file is left").containsExactly(file);
        }
    }

    @Test
    void theEnvironmentsTokenWinsAndNothingIsWritten() throws IOException {
        var resolved = AdminTokenSource.resolve(RelayConfig.forDataDir(dataDir).withAdminToken("from-env"), new SecureRandom());

        assertThat(resolved.token().matches("from-env")).isTrue();
        assertThat(resolved.generated()).isFalse();
        assertThat(dataDir.resolve(AdminTokenSource.FILE_NAME)).doesNotExist();
    }

    @Test
    void anEmptyTokenFileIsRefusedWithAWayOut() throws IOException {
        Files.writeString(dataDir.resolve(AdminTokenSource.FILE_NAME), "\n");

        assertThatThrownBy(() -> AdminTokenSource.resolve(RelayConfig.forDataDir(dataDir), new SecureRandom()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is empty: delete it");
    }
}
