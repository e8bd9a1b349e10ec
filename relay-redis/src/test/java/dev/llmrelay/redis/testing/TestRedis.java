package dev.llmrelay.redis.testing;

import dev.llmrelay.redis.RedisEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.UnifiedJedis;

/**
 * A real {@code redis-server} for the tests, started on a free port and stopped when the JVM exits. With
 * {@code CI=true} a machine without one fails the tests instead of skipping them.
 *
 * <p>Tests share one server; each works under a prefix of its own ({@link #newPrefix()}), so they never see
 * each other's keys.
 */
public final class TestRedis {
    private static TestRedis shared;

    private final Path binary;
    private final Path directory;
    private final int port;
    private final List<String> extraArguments;
    private Process process;

    private TestRedis(Path binary, Path directory, int port, List<String> extraArguments) {
        this.binary = binary;
        this.directory = directory;
        this.port = port;
        this.extraArguments = List.copyOf(extraArguments);
    }

    /** The server the tests of this JVM share, started on first use. */
    public static synchronized TestRedis shared() {
        if (shared == null) {
            TestRedis server = startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-redis-stop"));
            shared = server;
        }
        return shared;
    }

    /**
     * A Sentinel on a free port watching {@code primary} under the name {@code master}; the caller stops it.
     */
    public static TestRedis startSentinel(TestRedis primary, String master) {
        try {
            Path directory = Files.createTempDirectory("relay-test-sentinel");
            Path config = directory.resolve("sentinel.conf");
            Files.writeString(config, "sentinel monitor " + master + " 127.0.0.1 " + primary.port() + " 1\n"
                    + "sentinel down-after-milliseconds " + master + " 5000\n");
            return startNew(config.toString(), "--sentinel");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a sentinel configuration", e);
        }
    }

    /** A server of the caller's own, on another free port, with these extra arguments; the caller stops it. */
    public static TestRedis startNew(String... extraArguments) {
        Path binary = onPath("redis-server").orElse(null);
        if (binary == null) {
            String why = "no redis-server on PATH: install Debian's redis-server (.ci/run does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        try {
            TestRedis server = new TestRedis(binary, Files.createTempDirectory("relay-test-redis"), freePort(),
                    List.of(extraArguments));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}: what {@code RELAY_REDIS_URL} would be. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A new client of this server, configured as the relay's own; the caller closes it (or a store does). */
    public UnifiedJedis client() {
        return RedisEndpoint.parse(url()).connect();
    }

    /** A key prefix no other test uses. */
    public static String newPrefix() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts the server (again, after {@link #stop()}, on the same port) and waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        List<String> extra = new ArrayList<>(extraArguments);
        if (!extra.isEmpty() && !extra.getFirst().startsWith("--")) {
            command.add(extra.removeFirst()); // a configuration file comes first
        }
        command.addAll(List.of("--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(),
                "--daemonize", "no", "--loglevel", "warning"));
        command.addAll(extra);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start on port " + port + ": " + log());
            }
            sleep(20);
        }
    }

    /** Stops the server, as an outage would; what it held is gone. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The executable {@code name} on {@code PATH} (or in /usr/bin, /usr/local/bin), if there is one. */
    static Optional<Path> onPath(String name) {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.add("/usr/bin");
        directories.add("/usr/local/bin");
        for (String directory : directories) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
