package dev.llmrelay.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.embedded.EmbeddedStore;
import dev.llmrelay.core.store.format.CredentialCipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscription tokens kept fresh through the engine: refreshed before they expire and once after the upstream
 * refuses them, one refresh per account however many requests (or relays) need it, a refused refresh token
 * parking the account, and the rotated refresh token kept.
 */
class TokenRefreshTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");
    private final String keyPlaintext = "rk_refresh_test";
    private FakeProvider provider;
    private RelayStore store;
    private final List<Relay> relays = new ArrayList<>();

    @TempDir
    Path dataDir;

    @BeforeEach
    void start() throws Exception {
        provider = new FakeProvider();
        store = RelayStore.inMemory(clock);
        store.keys().save(key());
    }

    @AfterEach
    void stop() {
        relays.forEach(Relay::close);
        store.close();
        provider.close();
    }

    private Relay relayOn(RelayStore on) {
        Relay relay = Relay.builder().accounts(on.accounts()).keys(on.keys()).usage(on.usage()).clock(clock)
                .refreshLocks(on.refreshLocks())
                .oauthProviders(OAuthProviders.standard().with(Platform.CLAUDE, p -> p.withTokenUrl(provider.tokenUrl())))
                .build();
        relays.add(relay);
        return relay;
    }

    private RelayKey key() {
        return new RelayKey("key_1", "k", KeyHash.of(keyPlaintext), true, Set.of(), Set.of(), Set.of(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), KeyLimits.NONE,
                clock.instant(), Optional.empty(), Optional.empty());
    }

    private Account subscription(String id, String access, String refresh, Instant expiresAt, int priority) {
        return new Account(id, id, Platform.CLAUDE, new Credential.OAuthTokens(Secret.of(access),
                Optional.of(Secret.of(refresh)), Optional.of(expiresAt)), provider.baseUrl(), Optional.empty(), priority,
                0, Set.of(), Set.of(), Map.of(), true, AccountStatus.ACTIVE, clock.instant(), Optional.empty());
    }

    private int send(Relay relay) {
        var status = new AtomicInteger();
        relay.handle(new ClientRequest("POST", "/claude/v1/messages", Optional.empty(),
                Headers.of("x-api-key", keyPlaintext, "user-agent", "claude-cli/2.1.80 (external, cli)"),
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8)), new ResponseChannel() {
            @Override
            public void send(int code, Headers headers, byte[] body) {
                status.set(code);
            }

            @Override
            public void startStream(int code, Headers headers) {
                status.set(code);
            }

            @Override
            public void writeEvent(byte[] event) {
            }

            @Override
            public void endStream() {
            }

            @Override
            public boolean isCommitted() {
                return status.get() != 0;
            }
        });
        return status.get();
    }

    private Credential.OAuthTokens storedTokens(RelayStore in, String accountId) {
        return (Credential.OAuthTokens) in.accounts().find(accountId).orElseThrow().credential();
    }

    private static String form(mockwebserver3.RecordedRequest request, String field) throws Exception {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.getBody().utf8());
        return tree.path(field).asText(null);
    }

    @Test
    void aTokenNearExpiryIsRefreshedBeforeTheRequestWhichCarriesTheNewOne() throws Exception {
        store.accounts().save(subscription("acc_max", "access-old", "refresh-old", clock.instant().plusSeconds(120), 50));

        int status = send(relayOn(store));

        assertThat(status).isEqualTo(200);
        assertThat(provider.tokenCalls).hasSize(1);
        var refresh = provider.tokenCalls.peek();
        assertThat(form(refresh, "grant_type")).isEqualTo("refresh_token");
        assertThat(form(refresh, "refresh_token")).isEqualTo("refresh-old");
        assertThat(form(refresh, "client_id")).isEqualTo("9d1c250a-e61b-44d9-88ed-5944d1962f5e");
        assertThat(provider.apiAuthorizations()).containsExactly("Bearer access-new");
        assertThat(provider.apiCalls.peek().getHeaders().get("anthropic-beta")).contains("oauth-2025-04-20");
        Credential.OAuthTokens stored = storedTokens(store, "acc_max");
        assertThat(stored.accessToken().reveal()).isEqualTo("access-new");
        assertThat(stored.refreshToken().orElseThrow().reveal()).isEqualTo("refresh-new");
        assertThat(stored.expiresAt()).contains(clock.instant().plusSeconds(3600));
    }

    @Test
    void aTokenFarFromExpiryIsUsedAsItIs() {
        store.accounts().save(subscription("acc_max", "access-old", "refresh-old", clock.instant().plusSeconds(3600), 50));

        assertThat(send(relayOn(store))).isEqualTo(200);

        assertThat(provider.tokenCalls).isEmpty();
        assertThat(provider.apiAuthorizations()).containsExactly("Bearer access-old");
    }

    @Test
    void aHundredConcurrentRequestsOnAnExpiredAccountCauseExactlyOneRefresh() throws Exception {
        store.accounts().save(subscription("acc_max", "access-old", "refresh-old", clock.instant().minusSeconds(60), 50));
        provider.tokenEndpointTakes(300);
        Relay relay = relayOn(store);
        int requests = 100;
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return send(relay);
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(provider.tokenCalls).hasSize(1);
        assertThat(provider.apiAuthorizations()).hasSize(requests).allMatch("Bearer access-new"::equals);
    }

    @Test
    void twoRelaysSharingAStoreRefreshOnceAndBothUseTheResult() throws Exception {
        store.accounts().save(subscription("acc_max", "access-old", "refresh-old", clock.instant().minusSeconds(60), 50));
        provider.tokenEndpointTakes(300);
        Relay first = relayOn(store);
        Relay second = relayOn(store);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            var start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Relay node = i % 2 == 0 ? first : second;
                answers.add(threads.submit(() -> {
                    start.await();
                    return send(node);
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(provider.tokenCalls).hasSize(1);
        assertThat(provider.apiAuthorizations()).hasSize(20).allMatch("Bearer access-new"::equals);
    }

    @Test
    void anAccessTokenTheUpstreamRefusesIsRefreshedOnceAndTheRequestRetriedOnTheSameAccount() {
        store.accounts().save(subscription("acc_max", "access-old", "refresh-old", clock.instant().plusSeconds(3600), 50));
        provider.refusedAccessTokens.add("access-old");

        assertThat(send(relayOn(store))).isEqualTo(200);

        assertThat(provider.tokenCalls).hasSize(1);
        assertThat(provider.apiAuthorizations()).containsExactly("Bearer access-old", "Bearer access-new");
        assertThat(store.accounts().find("acc_max").orElseThrow().status().state()).isEqualTo(AccountState.ACTIVE);
    }

    @Test
    void aRefreshedTokenTheUpstreamStillRefusesMarksTheAccountWithoutAnotherRefresh() {
        store.accounts().save(subscription("acc_max", "access-old", "refresh-old", clock.instant().plusSeconds(3600), 50));
        provider.refusedAccessTokens.addAll(List.of("access-old", "access-new"));

        assertThat(send(relayOn(store))).isEqualTo(529);

        assertThat(provider.tokenCalls).hasSize(1);
        assertThat(store.accounts().find("acc_max").orElseThrow().status().state()).isEqualTo(AccountState.UNAUTHORIZED);
    }

    @Test
    void aRefusedRefreshTokenMarksTheAccountUnauthorizedWithTheReasonAndTheRequestFailsOver() {
        store.accounts().save(subscription("acc_revoked", "access-old", "refresh-reused",
                clock.instant().minusSeconds(60), 10));
        store.accounts().save(subscription("acc_healthy", "access-healthy", "refresh-healthy",
                clock.instant().plusSeconds(7200), 20));
        provider.tokenEndpointAnswers(request -> FakeProvider.json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token already used\"}"));

        assertThat(send(relayOn(store))).isEqualTo(200);

        assertThat(provider.apiAuthorizations()).containsExactly("Bearer access-healthy");
        AccountStatus status = store.accounts().find("acc_revoked").orElseThrow().status();
        assertThat(status.state()).isEqualTo(AccountState.UNAUTHORIZED);
        assertThat(status.reason().orElseThrow())
                .contains("the provider refused the refresh token (invalid_grant: Refresh token already used)")
                .doesNotContain("refresh-reused");
        assertThat(provider.tokenCalls).hasSize(1);
        send(relayOn(store));
        assertThat(provider.tokenCalls).as("a refused refresh token is not tried again").hasSize(1);
    }

    @Test
    void aTokenEndpointThatCannotBeReachedFailsOverWithoutParkingTheAccountForGood() {
        store.accounts().save(subscription("acc_max", "access-old", "refresh-old", clock.instant().minusSeconds(60), 10));
        store.accounts().save(subscription("acc_other", "access-other", "refresh-other",
                clock.instant().plusSeconds(7200), 20));
        provider.tokenEndpointAnswers(request -> FakeProvider.json(503, "{\"error\":\"temporarily_unavailable\"}"));

        assertThat(send(relayOn(store))).isEqualTo(200);

        assertThat(provider.apiAuthorizations()).containsExactly("Bearer access-other");
        assertThat(store.accounts().find("acc_max").orElseThrow().status().state()).isNotEqualTo(AccountState.UNAUTHORIZED);
        assertThat(storedTokens(store, "acc_max").refreshToken().orElseThrow().reveal()).isEqualTo("refresh-old");
    }

    @Test
    void theRotatedRefreshTokenIsStoredAndSurvivesARestart() throws Exception {
        String key = CredentialCipher.newBase64Key(new SecureRandom());
        try (RelayStore embedded = EmbeddedStore.open(dataDir, Optional.of(key), clock)) {
            embedded.keys().save(key());
            embedded.accounts().save(subscription("acc_max", "access-old", "refresh-old",
                    clock.instant().minusSeconds(60), 50));
            assertThat(send(relayOn(embedded))).isEqualTo(200);
        }
        clock.advance(Duration.ofHours(2));
        provider.tokenEndpointAnswers(request -> FakeProvider.tokens("access-third", "refresh-third", 3600));

        try (RelayStore reopened = EmbeddedStore.open(dataDir, Optional.of(key), clock)) {
            assertThat(storedTokens(reopened, "acc_max").refreshToken().orElseThrow().reveal()).isEqualTo("refresh-new");
            assertThat(send(relayOn(reopened))).isEqualTo(200);
            assertThat(storedTokens(reopened, "acc_max").refreshToken().orElseThrow().reveal()).isEqualTo("refresh-third");
        }
        List<String> spent = provider.tokenCalls.stream().map(request -> {
            try {
                return form(request, "refresh_token");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(spent).as("each refresh token is spent once").containsExactly("refresh-old", "refresh-new");
    }
}
