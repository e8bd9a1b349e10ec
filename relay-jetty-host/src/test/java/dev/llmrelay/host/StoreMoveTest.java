package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.TestRedis;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-node relay grows into several: its embedded store's accounts, keys and usage move into Redis, through
 * the admin API or the jar's export and import commands, and the keys its users hold keep working.
 */
class StoreMoveTest {
    private final String encryptionKey = CredentialCipher.newBase64Key(new SecureRandom());
    private MockWebServer upstream;
    private TestRedis redis;
    @TempDir
    Path dataDir;
    @TempDir
    Path redisNodeDir;
    @TempDir
    Path files;

    @BeforeEach
    void start() throws IOException {
        upstream = new MockWebServer();
        upstream.start();
        redis = TestRedis.startNew();
    }

    @AfterEach
    void stop() {
        upstream.close();
        redis.stop();
    }

    @Test
    void theAdminApiMovesEveryAccountKeyAndHourOfUsageFromTheEmbeddedStoreIntoRedis() throws Exception {
        String exported;
        String aliceKey;
        try (RelayHarness single = RelayHarness.start(dataDir, config -> config.withEncryptionKey(encryptionKey))) {
            aliceKey = fillWithOneRequest(single);
            HttpResponse<String> export = single.send("GET", "/admin/v1/export", null, RelayHarness.ADMIN_TOKEN);
            assertThat(export.statusCode()).isEqualTo(200);
            exported = export.body();
            assertThat(single.send("GET", "/admin/v1/export", null, null).statusCode()).isEqualTo(401);
        }
        assertThat(exported).doesNotContain("sk-ant-moving", aliceKey);

        try (RelayHarness redisNode = redisNode()) {
            JsonNode imported = redisNode.adminCall("POST", "/admin/v1/import", exported, 200);

            assertThat(imported.get("accounts").asInt()).isEqualTo(1);
            assertThat(imported.get("keys").asInt()).isEqualTo(1);
            assertThat(imported.get("usageHours").asInt()).isEqualTo(1);
            assertMoved(redisNode, aliceKey);
        }
    }

    @Test
    void theJarsExportAndImportCommandsMoveAStoreThroughAFile() throws Exception {
        String aliceKey;
        try (RelayHarness single = RelayHarness.start(dataDir, config -> config.withEncryptionKey(encryptionKey))) {
            aliceKey = fillWithOneRequest(single);
        }
        Path file = files.resolve("relay-export.json");

        Process export = command("export", file, false);
        assertThat(export.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(export.exitValue()).as(output(export)).isZero();
        assertThat(Files.readString(file)).contains("\"format\" : \"llm-relay-export\"").doesNotContain("sk-ant-moving");
        Process load = command("import", file, true);
        assertThat(load.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output(load)).contains("imported 1 accounts, 1 keys and 1 hours of usage");

        try (RelayHarness redisNode = redisNode()) {
            assertMoved(redisNode, aliceKey);
        }
    }

    @Test
    void anExportEncryptedUnderAnotherKeyIsRefusedNamingTheCause() throws Exception {
        String exported;
        try (RelayHarness single = RelayHarness.start(dataDir)) { // its own generated encryption key
            fillWithOneRequest(single);
            exported = single.send("GET", "/admin/v1/export", null, RelayHarness.ADMIN_TOKEN).body();
        }
        try (RelayHarness redisNode = redisNode()) {
            JsonNode refused = redisNode.adminCall("POST", "/admin/v1/import", exported, 400);

            assertThat(refused.get("error").get("message").asText()).contains("RELAY_ENCRYPTION_KEY differs");
            assertThat(redisNode.adminCall("GET", "/admin/v1/accounts", null, 200).get("items")).isEmpty();
        }
    }

    private String fillWithOneRequest(RelayHarness single) {
        single.createClaudeAccount("moving", "sk-ant-moving", upstream.url("/").toString().replaceAll("/$", ""));
        String key = single.issueKey("alice");
        upstream.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .body(AnthropicUpstream.MESSAGE).build());
        try (RelayClient client = new RelayClient(single.uri())) {
            assertThat(client.claude(key, "claude-sonnet-4-5").statusCode()).isEqualTo(200);
        }
        // Usage is recorded as the answer ends, a moment after the client has it.
        Poll.until(Duration.ofSeconds(10), () -> single.adminCall("GET", "/admin/v1/usage?by=key&granularity=day",
                null, 200).get("rows").isEmpty() ? null : Boolean.TRUE);
        return key;
    }

    private void assertMoved(RelayHarness redisNode, String aliceKey) throws Exception {
        JsonNode accounts = redisNode.adminCall("GET", "/admin/v1/accounts", null, 200).get("items");
        assertThat(accounts).hasSize(1);
        assertThat(accounts.get(0).get("name").asText()).isEqualTo("moving");
        JsonNode usage = redisNode.adminCall("GET", "/admin/v1/usage?by=key&granularity=day", null, 200).get("rows");
        assertThat(usage).hasSize(1);
        assertThat(usage.get(0).get("requests").asLong()).isEqualTo(1);

        upstream.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .body(AnthropicUpstream.MESSAGE).build());
        try (RelayClient client = new RelayClient(redisNode.uri())) {
            assertThat(client.claude(aliceKey, "claude-sonnet-4-5").statusCode()).isEqualTo(200);
        }
        upstream.takeRequest();
        assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo("sk-ant-moving");
    }

    private RelayHarness redisNode() {
        return RelayHarness.start(redisNodeDir, config -> config.withRedis(redis.url(), encryptionKey));
    }

    /** {@code java -jar relay.jar <verb> FILE}, as a process on the test's classpath. */
    private Process command(String verb, Path file, boolean onRedis) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), verb, file.toString());
        builder.environment().put("RELAY_ENCRYPTION_KEY", encryptionKey);
        builder.environment().put("RELAY_DATA_DIR", (onRedis ? redisNodeDir : dataDir).toString());
        if (onRedis) {
            builder.environment().put("RELAY_REDIS_URL", redis.url());
        }
        return builder.redirectErrorStream(true).start();
    }

    private static String output(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
