package dev.llmrelay.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.memory.MemoryOnboardingSessions;
import dev.llmrelay.core.upstream.UpstreamClients;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import okhttp3.HttpUrl;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signing subscription accounts in: the authorize URL each provider's CLI would open, the pasted code (or callback
 * URL) exchanged with the PKCE verifier, and the sessions that protect it (state, expiry, one use).
 */
class OAuthOnboardingTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private final UpstreamClients clients = UpstreamClients.withDefaults(Duration.ofSeconds(5), Duration.ofSeconds(10));
    private FakeProvider provider;
    private OAuthOnboarding onboarding;

    @BeforeEach
    void start() throws Exception {
        provider = new FakeProvider();
        OAuthProviders providers = OAuthProviders.standard();
        for (Platform platform : new Platform[] {Platform.CLAUDE, Platform.OPENAI, Platform.GEMINI, Platform.DROID}) {
            providers = providers.with(platform, p -> p.withTokenUrl(provider.tokenUrl()));
        }
        providers = providers.with(Platform.GEMINI, p -> p.withClientSecret(Secret.of("gemini-cli-secret")))
                .with(Platform.DROID, p -> p.withAuthorizeUrl(provider.server.url("/device").toString()));
        onboarding = new OAuthOnboarding(providers, new TokenEndpoint(json, clock), clients, clock, new SecureRandom(),
                Duration.ofMinutes(15), new MemoryOnboardingSessions(clock), json);
    }

    @AfterEach
    void stop() {
        provider.close();
        clients.close();
    }

    private OAuthOnboarding.Start.Started started(Platform platform) {
        return (OAuthOnboarding.Start.Started) onboarding.start(platform, Optional.empty());
    }

    private OAuthOnboarding.Finish finish(Platform platform, String sessionId, String pasted) {
        return onboarding.finish(platform, sessionId, Optional.of(pasted), Optional.empty());
    }

    private JsonNode jsonBody(RecordedRequest request) throws Exception {
        return json.readTree(request.getBody().utf8());
    }

    private static String form(RecordedRequest request, String field) {
        return HttpUrl.parse("http://x/?" + request.getBody().utf8()).queryParameter(field);
    }

    @Test
    void claudeStartsWithClaudeCodesClientScopesRedirectChallengeAndState() {
        HttpUrl url = HttpUrl.parse(started(Platform.CLAUDE).authorizeUrl());

        assertThat(url.scheme() + "://" + url.host() + url.encodedPath()).isEqualTo("https://claude.ai/oauth/authorize");
        assertThat(url.queryParameter("code")).isEqualTo("true");
        assertThat(url.queryParameter("client_id")).isEqualTo("9d1c250a-e61b-44d9-88ed-5944d1962f5e");
        assertThat(url.queryParameter("response_type")).isEqualTo("code");
        assertThat(url.queryParameter("redirect_uri")).isEqualTo("https://platform.claude.com/oauth/code/callback");
        assertThat(url.queryParameter("scope")).isEqualTo("org:create_api_key user:profile user:inference "
                + "user:sessions:claude_code user:mcp_servers user:file_upload");
        assertThat(url.queryParameter("code_challenge_method")).isEqualTo("S256");
        assertThat(url.queryParameter("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(url.queryParameter("state")).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void claudesPastedCodeAndStateAreExchangedWithTheVerifierOfTheChallenge() throws Exception {
        var started = started(Platform.CLAUDE);
        HttpUrl url = HttpUrl.parse(started.authorizeUrl());
        provider.tokenEndpointAnswers(request -> FakeProvider.json(200, """
                {"access_token":"sk-ant-oat01-new","refresh_token":"sk-ant-ort01-new","expires_in":28800,
                 "account":{"uuid":"3f1c-account","email_address":"owner@example.com"}}"""));

        var finished = (OAuthOnboarding.Finish.Finished) finish(Platform.CLAUDE, started.sessionId(),
                "the-code#" + url.queryParameter("state"));

        JsonNode exchange = jsonBody(provider.tokenCalls.remove());
        assertThat(exchange.path("grant_type").asText()).isEqualTo("authorization_code");
        assertThat(exchange.path("client_id").asText()).isEqualTo("9d1c250a-e61b-44d9-88ed-5944d1962f5e");
        assertThat(exchange.path("code").asText()).isEqualTo("the-code");
        assertThat(exchange.path("state").asText()).isEqualTo(url.queryParameter("state"));
        assertThat(exchange.path("redirect_uri").asText()).isEqualTo("https://platform.claude.com/oauth/code/callback");
        assertThat(Pkce.challengeOf(exchange.path("code_verifier").asText())).isEqualTo(url.queryParameter("code_challenge"));
        assertThat(finished.tokens().accessToken().reveal()).isEqualTo("sk-ant-oat01-new");
        assertThat(finished.tokens().refreshToken().orElseThrow().reveal()).isEqualTo("sk-ant-ort01-new");
        assertThat(finished.tokens().expiresAt()).contains(clock.instant().plusSeconds(28800));
        assertThat(finished.tokens().accountId()).contains("3f1c-account");
    }

    @Test
    void codexTakesTheWholeCallbackUrlAndKeepsTheChatGptAccountOfTheIdToken() {
        var started = started(Platform.OPENAI);
        HttpUrl url = HttpUrl.parse(started.authorizeUrl());
        assertThat(url.queryParameter("client_id")).isEqualTo("app_EMoamEEZ73f0CkXaXp7hrann");
        assertThat(url.queryParameter("redirect_uri")).isEqualTo("http://localhost:1455/auth/callback");
        assertThat(url.queryParameter("scope")).isEqualTo("openid profile email offline_access");
        assertThat(url.queryParameter("id_token_add_organizations")).isEqualTo("true");
        assertThat(url.queryParameter("codex_cli_simplified_flow")).isEqualTo("true");
        String idToken = jwt("{\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\"acct-chatgpt-7\"}}");
        provider.tokenEndpointAnswers(request -> FakeProvider.json(200, "{\"access_token\":\"chatgpt-access\","
                + "\"refresh_token\":\"chatgpt-refresh\",\"id_token\":\"" + idToken + "\",\"expires_in\":864000}"));

        var finished = (OAuthOnboarding.Finish.Finished) finish(Platform.OPENAI, started.sessionId(),
                "http://localhost:1455/auth/callback?code=ac_123&scope=openid&state=" + url.queryParameter("state"));

        RecordedRequest exchange = provider.tokenCalls.remove();
        assertThat(form(exchange, "grant_type")).isEqualTo("authorization_code");
        assertThat(form(exchange, "code")).isEqualTo("ac_123");
        assertThat(Pkce.challengeOf(form(exchange, "code_verifier"))).isEqualTo(url.queryParameter("code_challenge"));
        assertThat(finished.tokens().accountId()).contains("acct-chatgpt-7");
    }

    @Test
    void geminiAsksForOfflineAccessAndSendsTheConfiguredClientSecret() {
        var started = started(Platform.GEMINI);
        HttpUrl url = HttpUrl.parse(started.authorizeUrl());
        assertThat(url.queryParameter("client_id"))
                .isEqualTo("681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com");
        assertThat(url.queryParameter("redirect_uri")).isEqualTo("https://codeassist.google.com/authcode");
        assertThat(url.queryParameter("access_type")).isEqualTo("offline");
        assertThat(url.queryParameter("prompt")).isEqualTo("consent");
        assertThat(url.queryParameter("scope")).contains("https://www.googleapis.com/auth/cloud-platform");

        var finished = finish(Platform.GEMINI, started.sessionId(), "4/0AbCdEf");

        assertThat(finished).isInstanceOf(OAuthOnboarding.Finish.Finished.class);
        RecordedRequest exchange = provider.tokenCalls.remove();
        assertThat(form(exchange, "client_secret")).isEqualTo("gemini-cli-secret");
        assertThat(form(exchange, "code")).isEqualTo("4/0AbCdEf");
    }

    @Test
    void aStateOfAnotherSignInIsRefusedWithoutAskingTheProvider() {
        var started = started(Platform.CLAUDE);

        var finished = finish(Platform.CLAUDE, started.sessionId(), "the-code#someone-elses-state");

        assertThat(finished).isInstanceOfSatisfying(OAuthOnboarding.Finish.Failed.class, failed -> {
            assertThat(failed.problem()).isEqualTo(OAuthOnboarding.Problem.INVALID);
            assertThat(failed.why()).contains("state");
        });
        assertThat(provider.tokenCalls).isEmpty();
    }

    @Test
    void aSessionExpiresAfterItsTimeToLive() {
        var started = started(Platform.CLAUDE);
        clock.advance(Duration.ofMinutes(15));

        var finished = finish(Platform.CLAUDE, started.sessionId(), "the-code");

        assertThat(finished).isInstanceOfSatisfying(OAuthOnboarding.Finish.Failed.class,
                failed -> assertThat(failed.why()).contains("expired"));
        assertThat(provider.tokenCalls).isEmpty();
    }

    @Test
    void aSessionIsFinishedOnceAndOnlyForItsPlatform() {
        var started = started(Platform.CLAUDE);

        assertThat(finish(Platform.OPENAI, started.sessionId(), "the-code"))
                .isInstanceOf(OAuthOnboarding.Finish.Failed.class);
        assertThat(finish(Platform.CLAUDE, started.sessionId(), "the-code"))
                .isInstanceOf(OAuthOnboarding.Finish.Finished.class);
        assertThat(finish(Platform.CLAUDE, started.sessionId(), "the-code"))
                .isInstanceOfSatisfying(OAuthOnboarding.Finish.Failed.class,
                        failed -> assertThat(failed.why()).contains("no open sign-in session"));
        assertThat(provider.tokenCalls).hasSize(1);
    }

    @Test
    void aCodeTheProviderRefusesSaysWhyWithoutEchoingIt() {
        var started = started(Platform.CLAUDE);
        provider.tokenEndpointAnswers(request -> FakeProvider.json(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid authorization code\"}"));

        var finished = finish(Platform.CLAUDE, started.sessionId(), "secret-code-value");

        assertThat(finished).isInstanceOfSatisfying(OAuthOnboarding.Finish.Failed.class, failed -> {
            assertThat(failed.problem()).isEqualTo(OAuthOnboarding.Problem.REFUSED);
            assertThat(failed.why()).contains("invalid_grant: Invalid authorization code").doesNotContain("secret-code-value");
        });
    }

    @Test
    void droidSignsInByADeviceLoginThatIsFinishedOnceApproved() {
        provider.tokenEndpointAnswers(request -> FakeProvider.json(400,
                "{\"error\":\"authorization_pending\",\"error_description\":\"pending\"}"));
        provider.server.setDispatcher(deviceThenTokens());

        var started = started(Platform.DROID);

        assertThat(started.authorizeUrl()).isEqualTo("https://factory.example/device?user_code=WXYZ-1234");
        assertThat(started.userCode()).contains("WXYZ-1234");
        var pending = onboarding.finish(Platform.DROID, started.sessionId(), Optional.empty(), Optional.empty());
        assertThat(pending).isInstanceOfSatisfying(OAuthOnboarding.Finish.Failed.class,
                failed -> assertThat(failed.problem()).isEqualTo(OAuthOnboarding.Problem.PENDING));
        approved = true;
        var finished = (OAuthOnboarding.Finish.Finished) onboarding.finish(Platform.DROID, started.sessionId(),
                Optional.empty(), Optional.empty());
        assertThat(finished.tokens().accountId()).contains("org_01FACTORY");
        assertThat(finished.tokens().refreshToken().orElseThrow().reveal()).isEqualTo("workos-refresh");
    }

    private volatile boolean approved;

    private mockwebserver3.Dispatcher deviceThenTokens() {
        return new mockwebserver3.Dispatcher() {
            @Override
            public mockwebserver3.MockResponse dispatch(RecordedRequest request) {
                if (request.getTarget().startsWith("/device")) {
                    assertThat(form(request, "client_id")).isEqualTo("client_01HNM792M5G5G1A2THWPXKFMXB");
                    return FakeProvider.json(200, "{\"device_code\":\"dev-code\",\"user_code\":\"WXYZ-1234\","
                            + "\"verification_uri\":\"https://factory.example/device\","
                            + "\"verification_uri_complete\":\"https://factory.example/device?user_code=WXYZ-1234\","
                            + "\"expires_in\":300,\"interval\":5}");
                }
                if (!approved) {
                    return FakeProvider.json(400, "{\"error\":\"authorization_pending\"}");
                }
                assertThat(form(request, "grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:device_code");
                assertThat(form(request, "device_code")).isEqualTo("dev-code");
                return FakeProvider.json(200, "{\"access_token\":\"workos-access\",\"refresh_token\":\"workos-refresh\","
                        + "\"organization_id\":\"org_01FACTORY\"}");
            }
        };
    }

    static String jwt(String claims) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".signature";
    }
}
