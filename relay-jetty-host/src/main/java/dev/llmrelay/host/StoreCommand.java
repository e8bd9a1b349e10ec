package dev.llmrelay.host;

import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.host.admin.TransferAdmin;
import dev.llmrelay.host.config.RelayConfig;
import dev.llmrelay.host.config.StoreOpener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;

/**
 * {@code java -jar relay.jar export FILE} and {@code import FILE}: the store the environment names, written to
 * or loaded from an export document ({@code -} for standard output or input). Moving from the embedded store
 * to Redis is an export with {@code RELAY_DATA_DIR} set and an import with {@code RELAY_REDIS_URL} set, under
 * the same {@code RELAY_ENCRYPTION_KEY}.
 */
final class StoreCommand {
    private StoreCommand() {
    }

    /** Runs the command and answers the process's exit status. */
    static int run(String[] args, RelayConfig config, Clock clock) {
        if (args.length != 2 || !(args[0].equals("export") || args[0].equals("import"))) {
            System.err.println("usage: java -jar relay.jar [export FILE | import FILE]   (FILE - for stdout/stdin)");
            return 2;
        }
        String file = args[1];
        try (RelayStore store = StoreOpener.open(config, clock)) {
            TransferAdmin transfer = new TransferAdmin(store, clock);
            if (args[0].equals("export")) {
                export(transfer, file);
                System.err.println("relay: exported " + StoreOpener.describe(config) + " to " + file);
            } else {
                TransferAdmin.Imported imported;
                try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
                    imported = transfer.importFrom(in);
                }
                System.err.println("relay: imported " + imported.accounts() + " accounts, " + imported.keys()
                        + " keys and " + imported.usageHours() + " hours of usage into " + StoreOpener.describe(config));
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("relay: " + args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    private static void export(TransferAdmin transfer, String file) throws IOException {
        if (file.equals("-")) {
            transfer.export(System.out);
            System.out.flush();
            return;
        }
        Path target = Path.of(file).toAbsolutePath();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            transfer.export(out);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
