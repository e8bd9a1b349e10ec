package dev.llmrelay.host.config;

import dev.llmrelay.api.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The admin token: {@code RELAY_ADMIN_TOKEN} when set, else the one kept owner-only in the data dir, else a
 * new one written there. A new token is reported once through {@link Resolved#generated()} so the host can
 * print it; it is never logged.
 */
public final class AdminTokenSource {
    static final String FILE_NAME = "admin-token";

    private AdminTokenSource() {
    }

    /** The token and whether it was just generated. */
    public record Resolved(Secret token, boolean generated, Optional<Path> file) {
    }

    public static Resolved resolve(RelayConfig config, SecureRandom random) throws IOException {
        if (config.adminToken().isPresent()) {
            return new Resolved(Secret.of(config.adminToken().get()), false, Optional.empty());
        }
        Path file = config.dataDir().resolve(FILE_NAME);
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (kept.isEmpty()) {
                throw new IOException(file + " is empty: delete it to have a new admin token generated");
            }
            return new Resolved(Secret.of(kept), false, Optional.of(file));
        }
        if (!Files.isDirectory(config.dataDir())) {
            throw new IOException("the data dir " + config.dataDir() + " must exist before the admin token is kept there");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "adm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // Written whole to a temporary owner-only file, then moved into place: a crash leaves no empty token.
        Path temporary = Files.createTempFile(config.dataDir(), ".admin-token", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return new Resolved(Secret.of(token), true, Optional.of(file));
    }
}
