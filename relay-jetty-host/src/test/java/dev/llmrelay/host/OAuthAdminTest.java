package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.api.Platform;
import dev.llmrelay.core.oauth.OAuthProviders;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding subscription accounts through the admin API: signing in through the provider's login (start, then finish
 * with the pasted code), pasting tokens or a CLI's credentials file; what the account's view shows of them, and
 * what it never shows.
 */
class OAuthAdminTest {
    @TempDir
    Path dataDir;

    private final MockWebServer provider = new MockWebServer();
    private final ConcurrentLinkedQueue<RecordedRequest> tokenCalls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RecordedRequest> apiCalls = new ConcurrentLinkedQueue<>();
    private volatile MockResponse tokenAnswer = json(200, "{\"access_token\":\"sk-ant-oat01-signed-in\","
            + "\"refresh_token\":\"sk-ant-ort01-signed-in\",\"expires_in\":28800}");
    private RelayHarness relay;

    @BeforeEach
    void start() throws Exception {
        provider.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getTarget().startsWith("/v1/oauth/token")) {
                    tokenCalls.add(request);
                    return tokenAnswer;
                }
                apiCalls.add(request);
                return json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\","
                        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}");
            }
        });
        provider.start();
        OAuthProviders providers = OAuthProviders.standard()
                .with(Platform.CLAUDE, p -> p.withTokenUrl(provider.url("/v1/oauth/token").toString()));
        relay = RelayHarness.start(dataDir, config -> config.withOAuthProviders(providers));
    }

    @AfterEach
    void stop() {
        relay.close();
        provider.close();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    private String baseUrl() {
        String url = provider.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    @Test
    void anOperatorSignsAClaudeSubscriptionInAndItServesAtOnce() throws Exception {
        JsonNode started = relay.adminCall("POST", "/admin/v1/oauth/claude/start", null, 200);
        HttpUrl authorize = HttpUrl.parse(started.path("authorizeUrl").asText());
        assertThat(authorize.host()).isEqualTo("claude.ai");
        assertThat(authorize.queryParameter("client_id")).isEqualTo("9d1c250a-e61b-44d9-88ed-5944d1962f5e");
        assertThat(authorize.queryParameter("code_challenge_method")).isEqualTo("S256");
        assertThat(started.path("expiresAt").asText()).isNotEmpty();

        JsonNode account = relay.adminCall("POST", "/admin/v1/oauth/claude/finish", """
                {"sessionId": "%s", "code": "the-code#%s", "name": "team-max", "baseUrl": "%s", "priority": 10}
                """.formatted(started.path("sessionId").asText(), authorize.queryParameter("state"), baseUrl()), 201);

        assertThat(account.path("name").asText()).isEqualTo("team-max");
        assertThat(account.path("platform").asText()).isEqualTo("claude");
        assertThat(account.path("kind").asText()).isEqualTo("oauth");
        assertThat(account.path("priority").asInt()).isEqualTo(10);
        assertThat(account.path("oauth").path("refreshable").asBoolean()).isTrue();
        assertThat(account.path("oauth").path("expiresAt").asText()).isNotEmpty();
        assertThat(account.toString()).doesNotContain("sk-ant-oat01").doesNotContain("sk-ant-ort01");
        assertThat(tokenCalls).hasSize(1);

        String key = relay.issueKey("alice");
        HttpResponse<String> answer = relay.send("POST", "/claude/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                key, "User-Agent", "claude-cli/2.1.197 (external, cli)"); // a subscription serves Claude Code
        assertThat(answer.statusCode()).isEqualTo(200);
        RecordedRequest upstream = apiCalls.remove();
        assertThat(upstream.getHeaders().get("authorization")).isEqualTo("Bearer sk-ant-oat01-signed-in");
        assertThat(upstream.getHeaders().get("anthropic-beta")).contains("oauth-2025-04-20");
    }

    @Test
    void aFinishWithTheStateOfAnotherSignInIsRefusedAndSpendsNoCode() {
        JsonNode started = relay.adminCall("POST", "/admin/v1/oauth/claude/start", "{}", 200);

        HttpResponse<String> refused = relay.send("POST", "/admin/v1/oauth/claude/finish",
                "{\"sessionId\": \"" + started.path("sessionId").asText() + "\", \"code\": \"c#not-this-sessions-state\"}",
                RelayHarness.ADMIN_TOKEN);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(relay.parse(refused.body()).path("error").path("message").asText()).contains("state");
        assertThat(tokenCalls).isEmpty();
        assertThat(relay.adminCall("GET", "/admin/v1/accounts", null, 200).path("items")).isEmpty();
    }

    @Test
    void anUnknownSessionOrPlatformIsRefusedAndEveryOAuthPathNeedsTheAdminToken() {
        assertThat(relay.send("POST", "/admin/v1/oauth/claude/finish", "{\"sessionId\": \"oas_nope\", \"code\": \"c\"}",
                RelayHarness.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(relay.send("POST", "/admin/v1/oauth/openai-compatible/start", null, RelayHarness.ADMIN_TOKEN)
                .statusCode()).isEqualTo(404);
        assertThat(relay.send("GET", "/admin/v1/oauth/claude/start", null, RelayHarness.ADMIN_TOKEN).statusCode())
                .isEqualTo(405);
        assertThat(relay.send("POST", "/admin/v1/oauth/claude/start", null, null).statusCode()).isEqualTo(401);
        assertThat(relay.send("POST", "/admin/v1/oauth/claude/finish", "{}", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenEndpointThatRefusesTheCodeIsA400WithTheProvidersReason() {
        tokenAnswer = json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid code\"}");
        JsonNode started = relay.adminCall("POST", "/admin/v1/oauth/claude/start", null, 200);

        HttpResponse<String> refused = relay.send("POST", "/admin/v1/oauth/claude/finish",
                "{\"sessionId\": \"" + started.path("sessionId").asText() + "\", \"code\": \"stale-code\"}",
                RelayHarness.ADMIN_TOKEN);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(relay.parse(refused.body()).path("error").path("message").asText())
                .contains("invalid_grant: Invalid code").doesNotContain("stale-code");
    }

    @Test
    void aClaudeCodeCredentialsFileBecomesAnAccount() {
        JsonNode account = relay.adminCall("POST", "/admin/v1/accounts", """
                {"name": "from-laptop", "platform": "claude", "kind": "oauth",
                 "credentialsFile": {"claudeAiOauth": {"accessToken": "sk-ant-oat01-file",
                   "refreshToken": "sk-ant-ort01-file", "expiresAt": 1795437000000}}}""", 201);

        assertThat(account.path("oauth").path("expiresAt").asText()).isEqualTo("2026-11-23T12:30:00Z");
        assertThat(account.path("oauth").path("refreshable").asBoolean()).isTrue();
        assertThat(account.toString()).doesNotContain("sk-ant-");
    }

    @Test
    void pastedTokensMayNameTheProviderAccountAndTheCodeAssistProject() {
        JsonNode account = relay.adminCall("POST", "/admin/v1/accounts", """
                {"name": "google-1", "platform": "gemini",
                 "oauth": {"accessToken": "ya29.a", "refreshToken": "1//r", "project": "my-code-assist-project"}}""", 201);

        assertThat(account.path("oauth").path("project").asText()).isEqualTo("my-code-assist-project");
        assertThat(account.path("baseUrl").asText()).isEqualTo("https://cloudcode-pa.googleapis.com");
        assertThat(List.of(account.toString())).noneMatch(text -> text.contains("ya29") || text.contains("1//r"));
    }
}
