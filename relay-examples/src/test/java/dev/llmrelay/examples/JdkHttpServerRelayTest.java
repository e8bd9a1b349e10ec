package dev.llmrelay.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.store.RelayStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

class JdkHttpServerRelayTest {

    @Test
    void theEngineRelaysAStreamThroughTheJdksOwnHttpServer() throws Exception {
        try (var upstream = new MockWebServer()) {
            upstream.enqueue(new MockResponse.Builder()
                    .setHeader("Content-Type", "text/event-stream")
                    .body("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3}}}\n\n"
                            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
                    .build());
            upstream.start();
            Clock clock = Clock.systemUTC();
            RelayStore store = RelayStore.inMemory(clock);
            store.accounts().save(new Account("acc_1", "upstream", Platform.CLAUDE,
                    new Credential.ApiKey(Secret.of("sk-upstream")), upstream.url("/").toString(), Optional.empty(),
                    50, 0, Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE, clock.instant(), Optional.empty()));
            store.keys().save(new RelayKey("key_1", "app", KeyHash.of("rk_example"), true, Set.of(), Set.of(), Set.of(),
                    Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                    clock.instant(), Optional.empty(), Optional.empty()));
            Relay relay = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).build();

            try (var embedded = JdkHttpServerRelay.start(relay, 0)) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + embedded.port() + "/claude/v1/messages"))
                        .header("x-api-key", "rk_example")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"model":"claude-sonnet-4-5","max_tokens":10,"stream":true,
                                 "messages":[{"role":"user","content":"hi"}]}"""))
                        .build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
                assertThat(response.body()).startsWith("event: message_start\n").endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
                assertThat(upstream.takeRequest().getHeaders().get("x-api-key")).isEqualTo("sk-upstream");
            }
            store.close();
        }
    }
}
