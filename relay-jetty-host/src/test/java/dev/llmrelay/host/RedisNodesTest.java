package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.core.oauth.OAuthProviders;
import dev.llmrelay.core.oauth.Pkce;
import dev.llmrelay.core.pricing.PriceTable;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.host.config.RelayConfig;
import dev.llmrelay.redis.testing.TestRedis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.jspecify.annotations.NonNull;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relay hosts sharing one real Redis behave as one relay: limits hold across both, a conversation keeps its
 * account whichever node serves it, a change made through one node is used by the other at once, usage adds
 * up, a node killed mid-stream holds no slot after its leases expire, and an OAuth sign-in started on one node
 * is finished on the other, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisNodesTest {
    private static final String ADMIN = RelayHarness.ADMIN_TOKEN;
    private static final Duration LEASE_TTL = Duration.ofSeconds(2);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String encryptionKey = CredentialCipher.newBase64Key(new SecureRandom());
    private final AtomicInteger refreshes = new AtomicInteger();
    private final Queue<RecordedRequest> codeExchanges = new ConcurrentLinkedQueue<>();
    private final Set<String> subscriptionTokensSeen = ConcurrentHashMap.newKeySet();
    private MockWebServer subscriptionProvider;
    private TestRedis redis;
    private RelayServer nodeA;
    private RelayServer nodeB;

    @BeforeAll
    void startRedisAndTwoNodes(@TempDir Path dataDirs) throws Exception {
        redis = TestRedis.startNew();
        subscriptionProvider = subscriptionProvider();
        nodeA = startNode(dataDirs.resolve("a"));
        nodeB = startNode(dataDirs.resolve("b"));
    }

    private RelayServer startNode(Path dataDir) throws Exception {
        return Main.start(config(dataDir), Clock.systemUTC(), PriceTable.shipped());
    }

    private RelayConfig config(Path dataDir) {
        return RelayConfig.forDataDir(dataDir).withAdminToken(ADMIN).withRedis(redis.url(), encryptionKey)
                .withRedisLeaseTtl(LEASE_TTL)
                .withOAuthProviders(OAuthProviders.standard().with(Platform.CLAUDE,
                        provider -> provider.withTokenUrl(subscriptionProvider.url("/v1/oauth/token").toString())));
    }

    @AfterAll
    void stopEverything() {
        http.close();
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (redis != null) {
            redis.stop();
        }
        if (subscriptionProvider != null) {
            subscriptionProvider.close();
        }
    }

    @Test
    void aRequestLimitOf100LetsExactly100Of300RacingRequestsThroughAcrossBothNodesAndUsageAddsUp() throws Exception {
        try (MockWebServer upstream = answering(new AtomicInteger())) {
            account(nodeA, "limit-account", "sk-limit", upstream, 0);
            JsonNode key = createKey(nodeB, """
                    {"name": "racer", "boundGroup": "%s", "limits": {"windowSeconds": 3600, "requestsPerWindow": 100}}"""
                    .formatted(group(upstream)));

            List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                racing.add(sendAsync(i % 2 == 0 ? nodeA : nodeB, key.get("key").asText(), Map.of()));
            }
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            for (CompletableFuture<HttpResponse<String>> response : racing) {
                statuses.merge(response.get(60, TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
            }

            assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(200, 100, 429, 200));
            assertThat(upstream.getRequestCount()).isEqualTo(100);
            String keyId = key.get("id").asText();
            long recorded = Poll.until(Duration.ofSeconds(10), () -> {
                long requests = usageRequests(nodeA, keyId);
                return requests == 100 ? requests : null;
            });
            assertThat(recorded).isEqualTo(100);
            assertThat(usageRequests(nodeB, keyId)).isEqualTo(100);
        }
    }

    @Test
    void aConcurrencyLimitOf5HoldsAcrossBothNodes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger arrived = new AtomicInteger();
        try (MockWebServer upstream = holding(arrived, release)) {
            account(nodeA, "concurrency-account", "sk-concurrency", upstream, 0);
            String key = createKey(nodeA, """
                    {"name": "parallel", "boundGroup": "%s", "limits": {"maxConcurrency": 5}}"""
                    .formatted(group(upstream))).get("key").asText();

            List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                racing.add(sendAsync(i % 2 == 0 ? nodeA : nodeB, key, Map.of()));
            }
            Poll.until(Duration.ofSeconds(20), () ->
                    racing.stream().filter(CompletableFuture::isDone).count() == 15 && arrived.get() == 5
                            ? Boolean.TRUE : null);
            Thread.sleep(200); // a sixth that got through would reach the upstream by now

            assertThat(arrived).hasValue(5);
            for (CompletableFuture<HttpResponse<String>> response : racing) {
                if (response.isDone()) {
                    assertThat(response.get().statusCode()).isEqualTo(429);
                }
            }
            release.countDown();
            long served = 0;
            for (CompletableFuture<HttpResponse<String>> response : racing) {
                served += response.get(30, TimeUnit.SECONDS).statusCode() == 200 ? 1 : 0;
            }
            assertThat(served).isEqualTo(5);
        }
    }

    @Test
    void aConversationKeepsItsAccountWhicheverNodeServesIt() throws Exception {
        try (MockWebServer upstream = answering(new AtomicInteger())) {
            account(nodeA, "sticky-1", "sk-sticky-1", upstream, 0);
            account(nodeB, "sticky-2", "sk-sticky-2", upstream, 0);
            String key = createKey(nodeA, "{\"name\": \"sticky\", \"boundGroup\": \"" + group(upstream) + "\"}")
                    .get("key").asText();

            Set<String> credentialsSeen = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = sendAsync(i % 2 == 0 ? nodeA : nodeB, key,
                        Map.of("X-Claude-Code-Session-Id", "conversation-1")).get(30, TimeUnit.SECONDS);
                assertThat(response.statusCode()).isEqualTo(200);
                credentialsSeen.add(upstream.takeRequest().getHeaders().get("x-api-key"));
            }

            assertThat(credentialsSeen).hasSize(1);
        }
    }

    @Test
    void anAccountChangedThroughOneNodeIsUsedAsChangedByTheOtherAtOnce() throws Exception {
        try (MockWebServer upstream = answering(new AtomicInteger())) {
            String accountId = account(nodeA, "changing", "sk-changing", upstream, 0);
            String key = createKey(nodeA, "{\"name\": \"changes\", \"boundAccount\": \"" + accountId + "\"}")
                    .get("key").asText();
            assertThat(sendAsync(nodeB, key, Map.of()).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

            admin(nodeA, "PATCH", "/admin/v1/accounts/" + accountId, "{\"schedulable\": false}", 200);
            assertThat(sendAsync(nodeB, key, Map.of()).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(529);

            admin(nodeA, "PATCH", "/admin/v1/accounts/" + accountId,
                    "{\"schedulable\": true, \"apiKey\": \"sk-changed\"}", 200);
            upstream.takeRequest();
            assertThat(sendAsync(nodeB, key, Map.of()).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo("sk-changed");
        }
    }

    @Test
    void aNodeKilledMidStreamHoldsNoSlotOnceItsLeasesExpire(@TempDir Path dataDir) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (MockWebServer upstream = streamingThenHolding(never)) {
            String accountId = account(nodeA, "killed-node-account", "sk-killed", upstream, 1);
            JsonNode key = createKey(nodeA, "{\"name\": \"killed\", \"boundAccount\": \"" + accountId
                    + "\", \"limits\": {\"maxConcurrency\": 2}}");
            String plaintext = key.get("key").asText();
            Process doomed = startNodeProcess(dataDir);
            try {
                URI doomedUri = readyUri(doomed);
                HttpRequest streaming = messages(doomedUri, plaintext, Map.of(), true);
                HttpResponse<InputStream> stream = http.send(streaming, HttpResponse.BodyHandlers.ofInputStream());
                assertThat(stream.statusCode()).isEqualTo(200);
                BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
                assertThat(events.readLine()).startsWith("event: message_start");

                assertThat(remainingConcurrency(plaintext)).isEqualTo(1);
                doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no cleanup at all
                assertThat(remainingConcurrency(plaintext)).isEqualTo(1); // its leases outlive it for a while
                assertThat(sendAsync(nodeB, plaintext, Map.of()).get(30, TimeUnit.SECONDS).statusCode())
                        .isEqualTo(529); // the account's one slot is still taken

                never.countDown();
                // Within a lease's life (plus a renewal period) both its key's and its account's slots are free.
                Poll.until(LEASE_TTL.multipliedBy(2), () -> remainingConcurrency(plaintext) == 2 ? Boolean.TRUE : null);
                HttpResponse<String> afterExpiry = Poll.until(LEASE_TTL.multipliedBy(2), () -> {
                    HttpResponse<String> response = sendAsync(nodeB, plaintext, Map.of()).join();
                    return response.statusCode() == 200 ? response : null;
                });
                assertThat(afterExpiry.body()).contains("Hello from upstream!");
            } finally {
                doomed.destroyForcibly();
                never.countDown();
            }
        }
    }

    @Test
    void aHundredRequestsOnAnExpiredSubscriptionAcrossBothNodesRefreshItOnce() throws Exception {
        String group = "subscription";
        admin(nodeA, "POST", "/admin/v1/accounts", """
                {"name": "max-1", "platform": "claude", "kind": "oauth", "baseUrl": "%s", "groups": ["%s"],
                 "oauth": {"accessToken": "sk-ant-oat01-expired", "refreshToken": "sk-ant-ort01-first",
                           "expiresAt": "2026-01-01T00:00:00Z"}}""".formatted(
                subscriptionProvider.url("/").toString().replaceAll("/$", ""), group), 201);
        String key = createKey(nodeB, "{\"name\": \"subscriber\", \"boundGroup\": \"" + group + "\"}")
                .get("key").asText();

        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            racing.add(sendAsync(i % 2 == 0 ? nodeA : nodeB, key,
                    Map.of("User-Agent", "claude-cli/2.1.197 (external, cli)"))); // a subscription serves Claude Code
        }
        for (CompletableFuture<HttpResponse<String>> response : racing) {
            HttpResponse<String> answer = response.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        assertThat(refreshes).hasValue(1);
        assertThat(subscriptionTokensSeen).containsExactly("Bearer sk-ant-oat01-refreshed");
    }

    @Test
    void aSignInStartedOnOneNodeIsFinishedOnTheOtherAndItsAccountServes() throws Exception {
        try (MockWebServer upstream = answering(new AtomicInteger())) {
            JsonNode started = admin(nodeA, "POST", "/admin/v1/oauth/claude/start", null, 200);
            HttpUrl authorize = HttpUrl.parse(started.get("authorizeUrl").asText());
            String finish = """
                    {"sessionId": "%s", "code": "the-code#%s", "name": "signed-in-on-b", "baseUrl": "%s",
                     "groups": ["%s"]}""".formatted(started.get("sessionId").asText(), authorize.queryParameter("state"),
                    upstream.url("/").toString().replaceAll("/$", ""), group(upstream));

            JsonNode account = admin(nodeB, "POST", "/admin/v1/oauth/claude/finish", finish, 201);

            assertThat(account.path("kind").asText()).isEqualTo("oauth");
            RecordedRequest exchange = codeExchanges.remove();
            JsonNode asked = json.readTree(exchange.getBody().utf8());
            assertThat(asked.path("code").asText()).isEqualTo("the-code");
            assertThat(Pkce.challengeOf(asked.path("code_verifier").asText()))
                    .as("node B proves the challenge node A put in the authorize URL")
                    .isEqualTo(authorize.queryParameter("code_challenge"));
            JsonNode again = admin(nodeA, "POST", "/admin/v1/oauth/claude/finish", finish, 400);
            assertThat(again.path("error").path("message").asText()).contains("no open sign-in session");
            assertThat(codeExchanges).isEmpty();

            String key = createKey(nodeA, "{\"name\": \"signed-in\", \"boundGroup\": \"" + group(upstream) + "\"}")
                    .get("key").asText();
            HttpResponse<String> answer = sendAsync(nodeA, key, Map.of("User-Agent", "claude-cli/2.1.197 (external, cli)"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(upstream.takeRequest().getHeaders().get("authorization")).isEqualTo("Bearer sk-ant-oat01-signed-in");
        }
    }

    @Test
    void finishesOfOneSignInRacingOnBothNodesCreateOneAccount() throws Exception {
        JsonNode started = admin(nodeB, "POST", "/admin/v1/oauth/claude/start", null, 200);
        String state = HttpUrl.parse(started.get("authorizeUrl").asText()).queryParameter("state");
        String finish = """
                {"sessionId": "%s", "code": "raced-code#%s", "name": "raced"}""".formatted(
                started.get("sessionId").asText(), state);

        List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpRequest request = HttpRequest.newBuilder((i % 2 == 0 ? nodeA : nodeB).uri()
                            .resolve("/admin/v1/oauth/claude/finish"))
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofString(finish)).build();
            racing.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        for (CompletableFuture<HttpResponse<String>> response : racing) {
            statuses.merge(response.get(30, TimeUnit.SECONDS).statusCode(), 1, Integer::sum);
        }

        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 400, 9));
        assertThat(codeExchanges).hasSize(1);
        codeExchanges.clear();
        long raced = 0;
        for (JsonNode item : admin(nodeA, "GET", "/admin/v1/accounts", null, 200).get("items")) {
            raced += item.path("name").asText().equals("raced") ? 1 : 0;
        }
        assertThat(raced).isEqualTo(1);
    }

    // ---- helpers

    /**
     * Claude's token endpoint and API for subscription accounts: a code exchange answers new tokens at once; a slow
     * refresh, so requests pile up behind it.
     */
    private MockWebServer subscriptionProvider() throws IOException {
        MockWebServer provider = new MockWebServer();
        provider.setDispatcher(new Dispatcher() {
            @Override
            public @NonNull MockResponse dispatch(@NonNull RecordedRequest request) throws InterruptedException {
                if (request.getTarget().startsWith("/v1/oauth/token")
                        && request.getBody().utf8().contains("\"authorization_code\"")) {
                    codeExchanges.add(request);
                    return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                            .body("{\"access_token\":\"sk-ant-oat01-signed-in\",\"refresh_token\":"
                                    + "\"sk-ant-ort01-signed-in\",\"expires_in\":28800}")
                            .build();
                }
                if (request.getTarget().startsWith("/v1/oauth/token")) {
                    refreshes.incrementAndGet();
                    Thread.sleep(300);
                    return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                            .body("{\"access_token\":\"sk-ant-oat01-refreshed\",\"refresh_token\":"
                                    + "\"sk-ant-ort01-second\",\"expires_in\":28800,\"token_type\":\"Bearer\"}")
                            .build();
                }
                subscriptionTokensSeen.add(request.getHeaders().get("authorization"));
                return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                        .body(AnthropicUpstream.MESSAGE).build();
            }
        });
        provider.start();
        return provider;
    }

    /** A relay node in a process of its own, on the test's classpath, the way {@code java -jar relay.jar} runs. */
    private Process startNodeProcess(Path dataDir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
        builder.environment().put("RELAY_PORT", "0");
        builder.environment().put("RELAY_DATA_DIR", dataDir.toString());
        builder.environment().put("RELAY_REDIS_URL", redis.url());
        builder.environment().put("RELAY_ENCRYPTION_KEY", encryptionKey);
        builder.environment().put("RELAY_ADMIN_TOKEN", ADMIN);
        builder.environment().put("RELAY_REDIS_LEASE_SECONDS", Long.toString(LEASE_TTL.toSeconds()));
        return builder.redirectErrorStream(true).start();
    }

    private static URI readyUri(Process process) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Pattern ready = Pattern.compile("relay ready on (http://\\S+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String line = output.readLine(); line != null && System.nanoTime() < deadline; line = output.readLine()) {
            Matcher matcher = ready.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "node-output");
                drain.setDaemon(true);
                drain.start();
                return URI.create(matcher.group(1));
            }
        }
        throw new AssertionError("the relay process never said it was ready");
    }

    private int remainingConcurrency(String plaintextKey) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(nodeB.uri().resolve("/key/v1/usage"))
                    .header("x-api-key", plaintextKey).build(), HttpResponse.BodyHandlers.ofString());
            return json.readTree(response.body()).path("remaining").path("concurrency").asInt(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long usageRequests(RelayServer node, String keyId) {
        JsonNode rows = admin(node, "GET", "/admin/v1/usage?by=key&granularity=day", null, 200).get("rows");
        long requests = 0;
        for (JsonNode row : rows) {
            if (row.get("group").asText().equals(keyId)) {
                requests += row.get("requests").asLong();
            }
        }
        return requests;
    }

    /** An account in the group named after the test's upstream, which the test's key is bound to. */
    private String account(RelayServer node, String name, String apiKey, MockWebServer upstream, int maxConcurrency) {
        return admin(node, "POST", "/admin/v1/accounts", """
                {"name": "%s", "platform": "claude", "kind": "api-key", "apiKey": "%s", "baseUrl": "%s",
                 "maxConcurrency": %d, "groups": ["%s"]}""".formatted(name, apiKey,
                upstream.url("/").toString().replaceAll("/$", ""), maxConcurrency, group(upstream)), 201)
                .get("id").asText();
    }

    private static String group(MockWebServer upstream) {
        return "upstream-" + upstream.getPort();
    }

    private JsonNode createKey(RelayServer node, String body) {
        return admin(node, "POST", "/admin/v1/keys", body, 201);
    }

    private JsonNode admin(RelayServer node, String method, String path, String body, int expected) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(node.uri().resolve(path))
                    .header("Authorization", "Bearer " + ADMIN)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(RelayServer node, String key, Map<String, String> headers) {
        return http.sendAsync(messages(node.uri(), key, headers, false), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest messages(URI node, String key, Map<String, String> headers, boolean stream) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve("/claude/v1/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "claude-sonnet-4-5", "max_tokens": 64, "stream": %s,
                         "messages": [{"role": "user", "content": "hi"}]}""".formatted(stream)));
        headers.forEach(request::header);
        return request.build();
    }

    private static MockWebServer answering(AtomicInteger served) throws IOException {
        MockWebServer upstream = new MockWebServer();
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public @NonNull MockResponse dispatch(@NonNull RecordedRequest request) {
                served.incrementAndGet();
                return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                        .body(AnthropicUpstream.MESSAGE).build();
            }
        });
        upstream.start();
        return upstream;
    }

    private static MockWebServer holding(AtomicInteger arrived, CountDownLatch release) throws IOException {
        MockWebServer upstream = new MockWebServer();
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public @NonNull MockResponse dispatch(@NonNull RecordedRequest request) throws InterruptedException {
                arrived.incrementAndGet();
                release.await(60, TimeUnit.SECONDS);
                return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                        .body(AnthropicUpstream.MESSAGE).build();
            }
        });
        upstream.start();
        return upstream;
    }

    /** Answers a stream's first events and holds the rest back until {@code release}; then answers whole. */
    private static MockWebServer streamingThenHolding(CountDownLatch release) throws IOException {
        MockWebServer upstream = new MockWebServer();
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public @NonNull MockResponse dispatch(@NonNull RecordedRequest request) throws InterruptedException {
                if (release.getCount() > 0 && request.getBody() != null
                        && request.getBody().utf8().contains("\"stream\": true")) {
                    return AnthropicUpstream.streamHeldBackAfterFirstEvent(release);
                }
                return new MockResponse.Builder().code(200).addHeader("content-type", "application/json")
                        .body(AnthropicUpstream.MESSAGE).build();
            }
        });
        upstream.start();
        return upstream;
    }
}
