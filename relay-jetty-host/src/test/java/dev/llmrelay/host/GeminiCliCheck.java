package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Gemini CLI from npm on its API-key path, pointed at the relay as docs/clients.md says
 * ({@code GOOGLE_GEMINI_BASE_URL=<relay>/gemini}, the relay key as {@code GEMINI_API_KEY}), against a local
 * Gemini API upstream. Runs only in the {@code cli-checks} profile: {@code npm install -g @google/gemini-cli}
 * first.
 */
class GeminiCliCheck {
    private static final String ANSWER = "Hi from the local Gemini upstream, through the relay!";
    private static final String UPSTREAM_KEY = "AIza-local-upstream";
    private static final String UPSTREAM_TOKEN = "ya29.local-upstream";
    private static final String PROJECT = "relay-local-project";
    private static final Pattern MODEL_CALL = Pattern.compile("/v1(beta)?/models/[A-Za-z0-9._-]+:([A-Za-z]+).*");
    private static final Pattern CODE_ASSIST_CALL = Pattern.compile("/v1internal:([A-Za-z]+).*");

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @TempDir
    Path workDir;

    @Test
    void geminiCliCompletesAPromptThroughTheRelay() throws Exception {
        var dispatcher = new GeminiDispatcher();
        try (var upstream = new MockWebServer()) {
            upstream.setDispatcher(dispatcher);
            upstream.start();
            try (var relay = RelayHarness.start(dataDir)) {
                relay.createAccount("""
                        {"name": "local-gemini", "platform": "gemini", "kind": "api-key", "apiKey": "%s", "baseUrl": "%s"}
                        """.formatted(UPSTREAM_KEY, upstream.url("/")));
                String key = relay.issueKey("gemini-cli");

                // Without this, Gemini CLI 0.61 picks a "gateway" auth type for a custom base URL and exits 41.
                Path settings = Files.createDirectories(home.resolve(".gemini")).resolve("settings.json");
                Files.writeString(settings, "{\"security\":{\"auth\":{\"selectedType\":\"gemini-api-key\"}}}");
                String seen = runGemini(dispatcher, Map.of(
                        "GOOGLE_GEMINI_BASE_URL", relay.uri() + "/gemini",
                        "GEMINI_API_KEY", key));

                RecordedRequest turn = dispatcher.requests.stream()
                        .filter(r -> r.getTarget().contains(":streamGenerateContent")).findFirst()
                        .orElseThrow(() -> new AssertionError("no streamGenerateContent reached the upstream:\n" + seen));
                assertThat(turn.getTarget()).matches("/v1beta/models/[A-Za-z0-9._-]+:streamGenerateContent\\?alt=sse");
                for (RecordedRequest request : dispatcher.requests) {
                    assertThat(request.getHeaders().get("x-goog-api-key")).isEqualTo(UPSTREAM_KEY);
                    assertThat(request.getHeaders().toString()).doesNotContain(key);
                    assertThat(request.getTarget()).doesNotContain(key);
                }
                assertThat(turn.getHeaders().get("user-agent")).startsWith("GeminiCLI");
                assertUsageOfEveryCall(relay, dispatcher);
            }
        }
    }

    @Test
    void geminiCliOnTheCodeAssistPathCompletesAPromptThroughTheRelay() throws Exception {
        var dispatcher = new GeminiDispatcher();
        try (var upstream = new MockWebServer()) {
            upstream.setDispatcher(dispatcher);
            upstream.start();
            try (var relay = RelayHarness.start(dataDir)) {
                relay.createAccount("""
                        {"name": "local-code-assist", "platform": "gemini", "kind": "oauth",
                         "oauth": {"accessToken": "%s"}, "baseUrl": "%s"}
                        """.formatted(UPSTREAM_TOKEN, upstream.url("/")));
                String key = relay.issueKey("gemini-cli-code-assist");

                String seen = runGemini(dispatcher, Map.of(
                        "CODE_ASSIST_ENDPOINT", relay.uri() + "/gemini",
                        "GOOGLE_CLOUD_ACCESS_TOKEN", key,
                        "GOOGLE_GENAI_USE_GCA", "true"));

                assertThat(dispatcher.requests.getFirst().getTarget()).isEqualTo("/v1internal:loadCodeAssist");
                RecordedRequest turn = dispatcher.requests.stream()
                        .filter(r -> r.getTarget().startsWith("/v1internal:streamGenerateContent")).findFirst()
                        .orElseThrow(() -> new AssertionError("no streamGenerateContent reached the upstream:\n" + seen));
                assertThat(turn.getTarget()).isEqualTo("/v1internal:streamGenerateContent?alt=sse");
                assertThat(turn.getBody().utf8()).contains("\"project\":\"" + PROJECT + "\"");
                for (RecordedRequest request : dispatcher.requests) {
                    assertThat(request.getHeaders().get("authorization")).isEqualTo("Bearer " + UPSTREAM_TOKEN);
                    assertThat(request.getHeaders().toString()).doesNotContain(key);
                }
                assertThat(turn.getHeaders().get("user-agent")).startsWith("GeminiCLI");
                JsonNode rows = Poll.until(Duration.ofSeconds(10), () -> {
                    JsonNode r = relay.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
                    return r.size() == 1 && r.get(0).get("outputTokens").asLong() > 0 ? r : null;
                });
                assertThat(rows.get(0).get("outputTokens").asLong()).isPositive();
            }
        }
    }

    /** Runs {@code gemini -p "say hi"} with {@code settings} in its environment; answers what the upstream saw. */
    private String runGemini(GeminiDispatcher dispatcher, Map<String, String> settings) throws Exception {
        CliRun gemini = CliRun.run(workDir, "npm install -g @google/gemini-cli", env -> {
            env.keySet().removeIf(name -> name.startsWith("GEMINI_") || name.startsWith("GOOGLE_")
                    || name.equals("CODE_ASSIST_ENDPOINT"));
            env.put("HOME", home.toString());
            // Gemini CLI exits 55 in a folder it has not been told to trust.
            env.put("GEMINI_CLI_TRUST_WORKSPACE", "true");
            env.putAll(settings);
        }, "gemini", "-p", "say hi");
        String seen = dispatcher.describe();

        gemini.assertSucceeded(seen);
        String output = gemini.output();
        assertThat(output).contains(ANSWER);
        assertThat(output).as("the routing classifier took the JSON answer").doesNotContain("ClassifierStrategy failed");
        System.out.println("Gemini CLI through the relay printed:\n" + output + "\nthe upstream saw:\n" + seen);
        return seen;
    }

    private static void assertUsageOfEveryCall(RelayHarness relay, GeminiDispatcher dispatcher) {
        JsonNode rows = Poll.until(Duration.ofSeconds(10), () -> {
            JsonNode r = relay.adminCall("GET", "/admin/v1/usage?by=key", null, 200).get("rows");
            return r.size() == 1 && r.get(0).get("requests").asLong() == dispatcher.requests.size() ? r : null;
        });
        assertThat(rows.get(0).get("outputTokens").asLong()).isPositive();
    }

    /**
     * A local Gemini upstream, both the Gemini API ({@code /v1beta/models/{model}:{method}}) and Code Assist
     * ({@code /v1internal:{method}}, whose answers wrap the Gemini answer in {@code {"response": ...}}).
     * {@code generateContent} answers the CLI's routing classifier (which asks for JSON, and retries for a long
     * time when the answer is not JSON) or a plain prompt; {@code streamGenerateContent?alt=sse} streams the
     * answer in {@code data: } chunks; {@code countTokens} counts; {@code loadCodeAssist} names a tier and a
     * project; other Code Assist calls get {@code {}}; anything else is a 404 in Google's error shape.
     */
    private static final class GeminiDispatcher extends Dispatcher {
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String target = request.getTarget();
            String body = request.getBody() == null ? "" : request.getBody().utf8();
            var call = MODEL_CALL.matcher(target);
            var codeAssist = CODE_ASSIST_CALL.matcher(target);
            if ("POST".equals(request.getMethod()) && call.matches()) {
                return answer(call.group(2), body, false);
            }
            if ("POST".equals(request.getMethod()) && codeAssist.matches()) {
                return switch (codeAssist.group(1)) {
                    case "loadCodeAssist" -> json(200, """
                            {"currentTier":{"id":"standard-tier","name":"Gemini Code Assist"},
                             "allowedTiers":[{"id":"standard-tier","isDefault":true}],
                             "cloudaicompanionProject":"%s"}""".formatted(PROJECT));
                    case "generateContent", "streamGenerateContent", "countTokens" -> answer(codeAssist.group(1), body, true);
                    default -> json(200, "{}");
                };
            }
            return json(404, "{\"error\":{\"code\":404,\"message\":\"not here: " + request.getMethod() + " " + target
                    + "\",\"status\":\"NOT_FOUND\"}}");
        }

        private static MockResponse answer(String method, String body, boolean codeAssist) {
            return switch (method) {
                case "generateContent" -> {
                    // The API-key path's classifier wants complexity_*, the Code Assist path's reasoning and model_choice.
                    String text = body.contains("\"responseMimeType\":\"application/json\"")
                            ? "{\\\"complexity_reasoning\\\": \\\"A greeting.\\\", \\\"complexity_score\\\": 5, "
                                    + "\\\"reasoning\\\": \\\"A greeting.\\\", \\\"model_choice\\\": \\\"flash\\\"}"
                            : ANSWER;
                    yield json(200, wrap(codeAssist, """
                            {"candidates":[{"content":{"role":"model","parts":[{"text":"%s"}]},"finishReason":"STOP","index":0}],\
                            "usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":12,"totalTokenCount":52},\
                            "modelVersion":"gemini-local"}""".formatted(text)));
                }
                case "streamGenerateContent" -> new MockResponse.Builder()
                        .setHeader("Content-Type", "text/event-stream")
                        .body(stream(codeAssist))
                        .build();
                case "countTokens" -> json(200, "{\"totalTokens\": 42}");
                default -> json(404, "{\"error\":{\"code\":404,\"message\":\"no method " + method
                        + "\",\"status\":\"NOT_FOUND\"}}");
            };
        }

        private static String wrap(boolean codeAssist, String answer) {
            return codeAssist ? "{\"response\":" + answer + ",\"traceId\":\"trace-local\"}" : answer;
        }

        String describe() {
            return CliUpstreamAnswers.describe(requests);
        }

        private static String stream(boolean codeAssist) {
            int half = ANSWER.length() / 2;
            String first = """
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"%s"}]},"index":0}],\
                    "usageMetadata":{"promptTokenCount":900,"candidatesTokenCount":4,"totalTokenCount":904},\
                    "modelVersion":"gemini-local"}""".formatted(ANSWER.substring(0, half));
            String last = """
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"%s"}]},"finishReason":"STOP","index":0}],\
                    "usageMetadata":{"promptTokenCount":900,"candidatesTokenCount":11,"totalTokenCount":911},\
                    "modelVersion":"gemini-local"}""".formatted(ANSWER.substring(half));
            return "data: " + wrap(codeAssist, first) + "\n\ndata: " + wrap(codeAssist, last) + "\n\n";
        }

        private static MockResponse json(int status, String body) {
            return CliUpstreamAnswers.json(status, body);
        }
    }
}
