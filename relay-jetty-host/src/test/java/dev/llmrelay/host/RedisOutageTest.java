package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.core.pricing.PriceTable;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.host.config.RelayConfig;
import dev.llmrelay.redis.testing.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While Redis is unreachable the relay says so (503, in each client's protocol) and recovers by itself when it returns. */
class RedisOutageTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestRedis redis;
    private RelayServer relay;
    private MockWebServer upstream;

    @BeforeEach
    void start(@TempDir Path dataDir) throws Exception {
        redis = TestRedis.startNew();
        upstream = new MockWebServer();
        upstream.start();
        relay = Main.start(RelayConfig.forDataDir(dataDir).withAdminToken(RelayHarness.ADMIN_TOKEN)
                        .withRedis(redis.url(), CredentialCipher.newBase64Key(new SecureRandom())),
                Clock.systemUTC(), PriceTable.shipped());
    }

    @AfterEach
    void stop() throws IOException {
        http.close();
        relay.close();
        redis.stop();
        upstream.close();
    }

    @Test
    void healthSaysUnavailableWhileRedisIsDownAndTheRelayRecoversWithoutARestart() throws Exception {
        String key = accountAndKey();
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        redis.stop();

        assertThat(get("/healthz").statusCode()).isEqualTo(503);
        HttpResponse<String> claude = messages(key);
        assertThat(claude.statusCode()).isEqualTo(503);
        assertThat(claude.body()).startsWith("{\"type\":\"error\"").contains("cannot reach its store");
        assertThat(claude.headers().firstValue("retry-after")).isPresent();
        HttpResponse<String> openai = send(HttpRequest.newBuilder(relay.uri().resolve("/openai/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertThat(openai.statusCode()).isEqualTo(503);
        assertThat(openai.body()).startsWith("{\"error\":{\"message\":\"the relay cannot reach its store");
        HttpResponse<String> admin = send(HttpRequest.newBuilder(relay.uri().resolve("/admin/v1/accounts"))
                .header("Authorization", "Bearer " + RelayHarness.ADMIN_TOKEN));
        assertThat(admin.statusCode()).isEqualTo(503);

        redis.start(); // an empty Redis: this one kept nothing on disk

        Poll.until(Duration.ofSeconds(10), () -> get("/healthz").statusCode() == 200 ? Boolean.TRUE : null);
        String newKey = accountAndKey();
        upstream.enqueue(new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                .body(AnthropicUpstream.MESSAGE).build());
        HttpResponse<String> served = messages(newKey);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).contains("Hello from upstream!");
    }

    private String accountAndKey() {
        String auth = "Bearer " + RelayHarness.ADMIN_TOKEN;
        HttpResponse<String> account = send(HttpRequest.newBuilder(relay.uri().resolve("/admin/v1/accounts"))
                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "main", "platform": "claude", "kind": "api-key", "apiKey": "sk-ant-main", "baseUrl": "%s"}
                        """.formatted(upstream.url("/").toString().replaceAll("/$", "")))));
        assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
        HttpResponse<String> key = send(HttpRequest.newBuilder(relay.uri().resolve("/admin/v1/keys"))
                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"alice\"}")));
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return key.body().replaceAll(".*\"key\":\"(rk_[^\"]+)\".*", "$1");
    }

    private HttpResponse<String> messages(String key) {
        return send(HttpRequest.newBuilder(relay.uri().resolve("/claude/v1/messages"))
                .header("x-api-key", key).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]}
                        """)));
    }

    private HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(relay.uri().resolve(path)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
