package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gemini CLI with Google login sets itself up with Code Assist calls ({@code loadCodeAssist}, {@code onboardUser},
 * {@code listExperiments}, {@code retrieveUserQuota}, ...) before its first prompt. On a key that reaches no Code
 * Assist account the relay answers them itself, as Code Assist would for a user already set up, so the CLI's
 * prompts can go to other accounts through translation; when a Code Assist account can take them they go to it
 * unchanged. Raw HTTP, as Gemini CLI sends it (there is no SDK for Code Assist).
 */
class CodeAssistSetupTest {
    private static final String LOAD_CODE_ASSIST = """
            {"metadata":{"ideType":"IDE_UNSPECIFIED","platform":"PLATFORM_UNSPECIFIED","pluginType":"GEMINI"}}""";

    @TempDir
    Path dataDir;

    private final MockWebServer upstream = new MockWebServer();
    private RelayHarness relay;
    private String key;

    @BeforeEach
    void start() throws Exception {
        upstream.start();
        relay = RelayHarness.start(dataDir);
        key = relay.issueKey("gemini-cli");
    }

    @AfterEach
    void stop() {
        relay.close();
        upstream.close();
    }

    private HttpResponse<String> codeAssist(String method, String body) {
        return relay.send("POST", "/gemini/v1internal:" + method, body, key, "User-Agent",
                "GeminiCLI/0.61.0/gemini-3-flash (linux; x64; terminal)");
    }

    private JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        return relay.parse(response.body());
    }

    private String claudeAccount() {
        return relay.createClaudeAccount("claude", "sk-ant-upstream", upstream.url("/").toString());
    }

    private String codeAssistAccount() {
        return relay.createAccount("""
                {"name": "google", "platform": "gemini", "kind": "oauth",
                 "oauth": {"accessToken": "ya29.upstream", "project": "real-project-7"}, "baseUrl": "%s"}"""
                .formatted(upstream.url("/")));
    }

    @Test
    void onAPoolWithoutCodeAssistAccountsTheRelayAnswersEverySetUpCallAndThePromptGoesToClaude() throws Exception {
        claudeAccount();

        JsonNode loaded = ok(codeAssist("loadCodeAssist", LOAD_CODE_ASSIST));
        assertThat(loaded.at("/currentTier/id").asText()).isEqualTo("standard-tier");
        assertThat(loaded.path("cloudaicompanionProject").asText()).isEqualTo("llm-relay");
        assertThat(loaded.at("/allowedTiers/0/isDefault").asBoolean()).isTrue();
        JsonNode onboarded = ok(codeAssist("onboardUser",
                "{\"tierId\":\"standard-tier\",\"metadata\":{\"pluginType\":\"GEMINI\"}}"));
        assertThat(onboarded.path("done").asBoolean()).isTrue();
        assertThat(onboarded.at("/response/cloudaicompanionProject/id").asText()).isEqualTo("llm-relay");
        JsonNode experiments = ok(codeAssist("listExperiments",
                "{\"project\":\"llm-relay\",\"metadata\":{\"pluginType\":\"GEMINI\",\"duetProject\":\"llm-relay\"}}"));
        assertThat(experiments.path("experimentIds").isArray()).isTrue();
        assertThat(experiments.path("flags")).isEmpty();
        assertThat(ok(codeAssist("retrieveUserQuota", "{\"project\":\"llm-relay\"}")).path("buckets")).isEmpty();
        assertThat(ok(codeAssist("fetchAdminControls", "{\"project\":\"llm-relay\"}")).path("adminControlsApplicable")
                .asBoolean(false)).isFalse();
        assertThat(ok(codeAssist("recordCodeAssistMetrics", "{\"project\":\"llm-relay\",\"metrics\":[]}"))).isEmpty();
        assertThat(upstream.getRequestCount()).as("no set-up call reached the Claude account").isZero();

        upstream.enqueue(WeatherToolUpstreams.anthropicAnswer(false));
        JsonNode answer = ok(codeAssist("generateContent", """
                {"model":"claude-sonnet-4-5","project":"llm-relay","user_prompt_id":"p-1",
                 "request":{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"session_id":"s-1"}}"""));
        assertThat(answer.at("/response/candidates/0/content/parts/0/text").asText())
                .isEqualTo(WeatherToolUpstreams.ANSWER);
        assertThat(upstream.takeRequest().getTarget()).isEqualTo("/v1/messages");
        JsonNode rows = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode r = relay.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
            return r.size() == 1 ? r : null;
        });
        assertThat(rows.get(0).get("requests").asLong()).as("only the prompt is usage").isEqualTo(1);
    }

    @Test
    void setUpCallsGoUnchangedToACodeAssistAccountWhenOneCanTakeThem() throws Exception {
        claudeAccount();
        codeAssistAccount();
        upstream.enqueue(WeatherToolUpstreams.loadCodeAssist("real-project-7"));

        JsonNode loaded = ok(codeAssist("loadCodeAssist", LOAD_CODE_ASSIST));

        assertThat(loaded.path("cloudaicompanionProject").asText()).isEqualTo("real-project-7");
        assertThat(loaded.at("/currentTier/id").asText()).isEqualTo("free-tier");
        RecordedRequest sent = upstream.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent.getTarget()).isEqualTo("/v1internal:loadCodeAssist");
        assertThat(sent.getHeaders().get("authorization")).isEqualTo("Bearer ya29.upstream");
        assertThat(relay.parse(sent.getBody().utf8())).isEqualTo(relay.parse(LOAD_CODE_ASSIST));
    }

    @Test
    void aPausedCodeAssistAccountLeavesTheSetUpToTheRelayAndAResumedOneTakesItBack() throws Exception {
        claudeAccount();
        String google = codeAssistAccount();
        relay.adminCall("PATCH", "/admin/v1/accounts/" + google, "{\"schedulable\": false}", 200);

        assertThat(ok(codeAssist("loadCodeAssist", LOAD_CODE_ASSIST)).path("cloudaicompanionProject").asText())
                .isEqualTo("llm-relay");
        assertThat(upstream.getRequestCount()).isZero();

        relay.adminCall("PATCH", "/admin/v1/accounts/" + google, "{\"schedulable\": true}", 200);
        upstream.enqueue(WeatherToolUpstreams.loadCodeAssist("real-project-7"));
        assertThat(ok(codeAssist("loadCodeAssist", LOAD_CODE_ASSIST)).path("cloudaicompanionProject").asText())
                .isEqualTo("real-project-7");
    }

    @Test
    void aKeyBoundOutsideTheCodeAssistAccountsGetsTheRelaysAnswers() {
        String claude = claudeAccount();
        codeAssistAccount();
        String bound = relay.createKey("{\"name\": \"claude-only\", \"boundAccount\": \"" + claude + "\"}")
                .get("key").asText();

        HttpResponse<String> loaded = relay.send("POST", "/gemini/v1internal:loadCodeAssist", LOAD_CODE_ASSIST, bound);

        assertThat(ok(loaded).path("cloudaicompanionProject").asText()).isEqualTo("llm-relay");
        assertThat(upstream.getRequestCount()).isZero();
    }

    @Test
    void aKeyWithoutTheGeminiServiceIsRefusedBeforeAnySetUpAnswer() {
        claudeAccount();
        String claudeOnly = relay.createKey("{\"name\": \"no-gemini\", \"services\": [\"claude\"]}").get("key").asText();

        HttpResponse<String> refused = relay.send("POST", "/gemini/v1internal:loadCodeAssist", LOAD_CODE_ASSIST,
                claudeOnly);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(relay.parse(refused.body()).at("/error/status").asText()).isEqualTo("PERMISSION_DENIED");
    }
}
