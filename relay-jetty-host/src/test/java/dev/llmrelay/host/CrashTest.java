package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay process killed with SIGKILL while it writes its embedded store (accounts and keys created, requests
 * served, all at once) starts again with every account and key it acknowledged and every usage record it had
 * written, three times over.
 */
class CrashTest {
    private static final int CRASHES = 3;
    private static final int WRITERS = 4;

    private final ObjectMapper json = new ObjectMapper();
    private final MockWebServer upstream = new MockWebServer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<RelayProcess> processes = new ArrayList<>();

    @TempDir
    Path dataDir;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return AnthropicUpstream.message();
            }
        });
        upstream.start();
    }

    @AfterEach
    void stop() {
        processes.forEach(RelayProcess::close);
        http.close();
        upstream.close();
    }

    private RelayProcess start() {
        RelayProcess relay = RelayProcess.start(dataDir, Map.of());
        processes.add(relay);
        return relay;
    }

    @Test
    void aRelayKilledWhileWritingItsStoreRestartsWithEverythingItAcknowledged() throws Exception {
        Set<String> accounts = ConcurrentHashMap.newKeySet();
        Map<String, String> keys = new ConcurrentHashMap<>();
        RelayProcess relay = start();
        accounts.add(created(relay, "/admin/v1/accounts", account("first")).get("id").asText());
        JsonNode firstKey = created(relay, "/admin/v1/keys", "{\"name\": \"first\"}");
        keys.put(firstKey.get("id").asText(), firstKey.get("key").asText());
        long writtenRequests = 0;

        for (int crash = 1; crash <= CRASHES; crash++) {
            // usage the store has written: served, then in the journal
            for (int i = 0; i < 10; i++) {
                assertThat(ask(relay, firstKey.get("key").asText())).isEqualTo(200);
            }
            writtenRequests += 10;
            long expected = writtenRequests;
            Poll.until(Duration.ofSeconds(10), () -> journalled() >= expected ? true : null);

            var writing = new AtomicBoolean(true);
            var acknowledged = new AtomicInteger();
            try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    RelayProcess target = relay;
                    writers.submit(() -> {
                        for (int n = 0; writing.get(); n++) {
                            try {
                                String name = "crash-" + writer + "-" + n;
                                if (n % 2 == 0) {
                                    accounts.add(created(target, "/admin/v1/accounts", account(name)).get("id").asText());
                                } else {
                                    JsonNode key = created(target, "/admin/v1/keys", "{\"name\": \"" + name + "\"}");
                                    keys.put(key.get("id").asText(), key.get("key").asText());
                                }
                                acknowledged.incrementAndGet();
                                ask(target, firstKey.get("key").asText());
                            } catch (RuntimeException killed) {
                                return;
                            }
                        }
                    });
                }
                Poll.until(Duration.ofSeconds(20), () -> acknowledged.get() >= 40 ? true : null);
                relay.sigkill();
                relay.exitStatus(Duration.ofSeconds(10));
                writing.set(false);
            }

            relay = start();
            Set<String> listedAccounts = ids(relay, "/admin/v1/accounts");
            Set<String> listedKeys = ids(relay, "/admin/v1/keys");
            assertThat(listedAccounts).as("after crash " + crash).containsAll(accounts);
            assertThat(listedKeys).as("after crash " + crash).containsAll(keys.keySet());
            JsonNode usage = json.readTree(relay.admin("GET", "/admin/v1/usage?by=key", null).body()).get("rows");
            long counted = 0;
            for (JsonNode row : usage) {
                counted += row.get("requests").asLong();
            }
            assertThat(counted).as("after crash " + crash).isGreaterThanOrEqualTo(writtenRequests);
            writtenRequests = counted;
        }
        // the keys still work: their hashes survived with them
        RelayProcess last = relay;
        keys.values().stream().limit(5).forEach(key -> assertThat(ask(last, key)).isEqualTo(200));
    }

    private String account(String name) {
        return "{\"name\": \"%s\", \"platform\": \"claude\", \"kind\": \"api-key\", \"apiKey\": \"sk-%s\", \"baseUrl\": \"%s\"}"
                .formatted(name, name, upstream.url("/"));
    }

    private JsonNode created(RelayProcess relay, String path, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(relay.uri().resolve(path))
                .header("Authorization", "Bearer " + RelayHarness.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("not created: " + response.statusCode());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int ask(RelayProcess relay, String key) {
        return send(HttpRequest.newBuilder(relay.uri().resolve("/claude/v1/messages"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RelayClient.CLAUDE_MESSAGE.formatted("claude-sonnet-4-5", false))))
                .statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Set<String> ids(RelayProcess relay, String path) throws IOException {
        var ids = new HashSet<String>();
        for (JsonNode item : json.readTree(relay.admin("GET", path, null).body()).get("items")) {
            ids.add(item.get("id").asText());
        }
        return ids;
    }

    /** How many usage records are on disk: the highest sequence number in the journal or the totals. */
    private long journalled() {
        try {
            long seq = 0;
            Path totals = dataDir.resolve("usage-totals.json");
            if (Files.exists(totals)) {
                seq = json.readTree(totals.toFile()).path("lastSeq").asLong();
            }
            Path journal = dataDir.resolve("usage-journal.jsonl");
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal)) {
                    try {
                        seq = Math.max(seq, json.readTree(line).path("seq").asLong());
                    } catch (IOException partLine) {
                        // a line being written
                    }
                }
            }
            return seq;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
