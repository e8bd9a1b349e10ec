package dev.llmrelay.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.credential.UpstreamAuth;
import dev.llmrelay.core.exchange.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What OAuth traffic carries on each provider that the client could not know, and what it must not carry. */
class SubscriptionTrafficTest {
    private final ObjectMapper json = new ObjectMapper();

    private static Account account(String id, Platform platform, Credential credential) {
        return new Account(id, id, platform, credential, "https://upstream.example", Optional.empty(), 50, 0, Set.of(),
                Set.of(), Map.of(), true, AccountStatus.ACTIVE, Instant.parse("2026-11-23T14:00:00Z"), Optional.empty());
    }

    private static Credential.OAuthTokens tokens(Optional<String> accountId, Optional<String> project) {
        return new Credential.OAuthTokens(Secret.of("access"), Optional.of(Secret.of("refresh")), Optional.empty(),
                accountId, project);
    }

    private JsonNode normalised(Account account, Protocol protocol, String body) throws Exception {
        return json.readTree(SubscriptionTraffic.normalise(account, protocol, body.getBytes(StandardCharsets.UTF_8), json));
    }

    @Test
    void everyTeammatesClaudeCodeReadsAsOneDeviceOfTheSubscriptionKeepingItsOwnSession() throws Exception {
        Account max = account("acc_max", Platform.CLAUDE, tokens(Optional.of("owner-uuid"), Optional.empty()));
        String alice = "{\\\"device_id\\\":\\\"alice-laptop\\\",\\\"account_uuid\\\":\\\"alice-uuid\\\",\\\"session_id\\\":\\\"s-1\\\"}";
        String bob = "{\\\"device_id\\\":\\\"bob-desktop\\\",\\\"account_uuid\\\":\\\"bob-uuid\\\",\\\"session_id\\\":\\\"s-2\\\"}";

        JsonNode fromAlice = json.readTree(normalised(max, Protocol.ANTHROPIC_MESSAGES,
                "{\"model\":\"claude-sonnet-4-5\",\"metadata\":{\"user_id\":\"" + alice + "\"}}").path("metadata").path("user_id").asText());
        JsonNode fromBob = json.readTree(normalised(max, Protocol.ANTHROPIC_MESSAGES,
                "{\"model\":\"claude-sonnet-4-5\",\"metadata\":{\"user_id\":\"" + bob + "\"}}").path("metadata").path("user_id").asText());

        assertThat(fromAlice.path("device_id").asText()).isEqualTo(fromBob.path("device_id").asText()).hasSize(64);
        assertThat(fromAlice.path("account_uuid").asText()).isEqualTo("owner-uuid");
        assertThat(fromAlice.path("session_id").asText()).isEqualTo("s-1");
        assertThat(fromBob.path("session_id").asText()).isEqualTo("s-2");
    }

    @Test
    void theOlderUserIdFormGetsTheAccountsDeviceToo() throws Exception {
        Account max = account("acc_max", Platform.CLAUDE, tokens(Optional.empty(), Optional.empty()));
        String userId = "user_" + "a".repeat(64) + "_account_alice-uuid_session_s-1";

        String result = normalised(max, Protocol.ANTHROPIC_MESSAGES,
                "{\"metadata\":{\"user_id\":\"" + userId + "\"}}").path("metadata").path("user_id").asText();

        assertThat(result).isEqualTo("user_" + SubscriptionTraffic.deviceOf(max) + "_account_alice-uuid_session_s-1");
    }

    @Test
    void apiKeyAccountsGetTheBodyAsTheClientSentIt() {
        Account apiKey = account("acc_key", Platform.CLAUDE, new Credential.ApiKey(Secret.of("sk-ant-api")));
        byte[] body = "{\"metadata\":{\"user_id\":\"user_x\"}}".getBytes(StandardCharsets.UTF_8);

        assertThat(SubscriptionTraffic.normalise(apiKey, Protocol.ANTHROPIC_MESSAGES, body, json)).isSameAs(body);
    }

    @Test
    void aCodeAssistEnvelopeNamesTheAccountsProject() throws Exception {
        Account google = account("acc_g", Platform.GEMINI, tokens(Optional.empty(), Optional.of("relay-project-1")));

        JsonNode envelope = normalised(google, Protocol.GEMINI_CODE_ASSIST,
                "{\"model\":\"gemini-2.5-pro\",\"project\":\"clients-own-project\",\"request\":{\"contents\":[]}}");

        assertThat(envelope.path("project").asText()).isEqualTo("relay-project-1");
        assertThat(envelope.path("request").path("contents").isArray()).isTrue();
    }

    @Test
    void aChatGptTokenGoesUpstreamWithTheAccountItActsFor() {
        Account codex = account("acc_codex", Platform.OPENAI, tokens(Optional.of("acct-chatgpt-7"), Optional.empty()));
        Headers.Builder upstream = Headers.of("chatgpt-account-id", "clients-own", "authorization", "Bearer rk_x").toBuilder();

        UpstreamAuth.forPlatform(Platform.OPENAI).apply(codex, Protocol.OPENAI_RESPONSES, "gpt-5-codex", Headers.empty(),
                upstream);

        Headers sent = upstream.build();
        assertThat(sent.all("chatgpt-account-id")).containsExactly("acct-chatgpt-7");
        assertThat(sent.first("authorization")).contains("Bearer access");
    }
}
