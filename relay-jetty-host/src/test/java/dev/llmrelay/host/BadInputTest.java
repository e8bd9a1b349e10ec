package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.host.RawHttp.RawResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a client sending something wrong gets on the client routes: an error in its protocol's own shape, with
 * the status the contract names, never a stack trace or the key it sent (CONTRACT.md, Errors a client gets).
 * The relay under test has no account, so a request that passes every check ends in "no account serves it".
 */
class BadInputTest {
    private static final String MESSAGES = "/claude/v1/messages";
    private static final String VALID_BODY = """
            {"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": [{"role": "user", "content": "hi"}]}""";
    private static final long SMALL_LIMIT = 1024;
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path dataDir;
    @TempDir
    static Path smallLimitDataDir;

    private static RelayHarness relay;
    private static RelayHarness smallLimitRelay;
    private static String key;
    private static String smallLimitKey;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startRelays() {
        relay = RelayHarness.start(dataDir);
        key = relay.issueKey("bad-input");
        smallLimitRelay = RelayHarness.start(smallLimitDataDir, config -> config.withMaxBodyBytes(SMALL_LIMIT));
        smallLimitKey = smallLimitRelay.issueKey("small-limit");
    }

    @AfterAll
    static void stopRelays() {
        relay.close();
        smallLimitRelay.close();
    }

    // ---- bodies ----

    @Test
    void malformedJsonIs400InvalidRequestError() {
        HttpResponse<String> response = post(MESSAGES, "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 16, \"messages\": [",
                "x-api-key: " + key);

        assertAnthropicError(response, 400, "invalid_request_error", "not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[" + VALID_BODY + "]", "\"hello\"", "42", "null", "true",
            VALID_BODY + " " + VALID_BODY, "{\"model\": \"claude-sonnet-4-5\",}", "model=claude-sonnet-4-5"})
    void bodyThatIsNotOneJsonObjectIs400(String body) {
        assertAnthropicError(post(MESSAGES, body, "x-api-key: " + key), 400, "invalid_request_error", "");
    }

    @Test
    void emptyBodyIs400() {
        assertAnthropicError(post(MESSAGES, "", "x-api-key: " + key), 400, "invalid_request_error", "empty");
    }

    static Stream<Arguments> missingOrMistypedFields() {
        return Stream.of(
                Arguments.of("{\"max_tokens\": 16, \"messages\": []}", "model"),
                Arguments.of("{\"model\": \"\", \"max_tokens\": 16, \"messages\": []}", "model"),
                Arguments.of("{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 16}", "messages"),
                Arguments.of("{\"model\": \"claude-sonnet-4-5\", \"messages\": []}", "max_tokens"),
                Arguments.of("{\"model\": 5, \"max_tokens\": 16, \"messages\": []}", "model"),
                Arguments.of("{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 16, \"messages\": {}}", "messages"),
                Arguments.of("{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": \"16\", \"messages\": []}", "max_tokens"),
                Arguments.of("{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 1.5, \"messages\": []}", "max_tokens"),
                Arguments.of("{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 16, \"messages\": [], \"stream\": \"yes\"}",
                        "stream"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("missingOrMistypedFields")
    void missingOrMistypedFieldIs400NamingIt(String body, String field) {
        HttpResponse<String> response = post(MESSAGES, body, "x-api-key: " + key);

        assertAnthropicError(response, 400, "invalid_request_error", field);
        assertThat(message(response)).startsWith(field + ":");
    }

    @Test
    void countTokensNeedsModelAndMessagesButNoMaxTokens() {
        assertAnthropicError(post("/claude/v1/messages/count_tokens", "{\"model\": \"claude-sonnet-4-5\"}", "x-api-key: " + key),
                400, "invalid_request_error", "messages");
        assertAnthropicError(post("/claude/v1/messages/count_tokens",
                "{\"model\": \"claude-sonnet-4-5\", \"messages\": []}", "x-api-key: " + key),
                404, "not_found_error", "claude-sonnet-4-5");
    }

    @Test
    void deeplyNestedBodyIs400NotAStackOverflow() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        String body = "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 16, \"messages\": " + nested + "}";

        assertAnthropicError(post(MESSAGES, body, "x-api-key: " + key), 400, "invalid_request_error", "");
    }

    @Test
    void bodyThatIsNotUtf8Is400() {
        byte[] prefix = "{\"model\": \"claude-".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\", \"max_tokens\": 16, \"messages\": []}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xff;
        body[prefix.length + 1] = (byte) 0xfe;
        System.arraycopy(suffix, 0, body, prefix.length + 2, suffix.length);

        assertAnthropicError(send("POST", MESSAGES, HttpRequest.BodyPublishers.ofByteArray(body), "x-api-key: " + key),
                400, "invalid_request_error", "");
    }

    // ---- keys ----

    @Test
    void requestWithoutAKeyIs401() {
        assertAnthropicError(post(MESSAGES, VALID_BODY), 401, "authentication_error", "relay key");
    }

    static Stream<Arguments> placesAKeyIsSent() {
        return Stream.of(
                Arguments.of("x-api-key", (Object) new String[] {"x-api-key: %s"}),
                Arguments.of("Authorization: Bearer", (Object) new String[] {"Authorization: Bearer %s"}),
                Arguments.of("x-goog-api-key", (Object) new String[] {"x-goog-api-key: %s"}),
                Arguments.of("?key=", (Object) new String[] {}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placesAKeyIsSent")
    void unknownKeyIs401WhereverItIsSent(String place, String[] headerTemplates) {
        String unknown = "rk_unknownKeyThatThisRelayNeverIssued0123456789";
        String[] headers = Arrays.stream(headerTemplates).map(template -> template.formatted(unknown)).toArray(String[]::new);
        String path = place.equals("?key=") ? MESSAGES + "?key=" + unknown : MESSAGES;

        HttpResponse<String> response = post(path, VALID_BODY, headers);

        assertAnthropicError(response, 401, "authentication_error", "");
        assertThat(response.body()).doesNotContain(unknown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":", "[]", "", "{\"model\": \"claude-sonnet-4-5\"}"})
    void anUnknownKeyWithAMalformedBodyIs401NotABodyError(String body) {
        HttpResponse<String> response = post(MESSAGES, body, "x-api-key: rk_unknownKeyThatThisRelayNeverIssued0123456789");

        assertAnthropicError(response, 401, "authentication_error", "invalid relay key");
    }

    @Test
    void emptyOrMalformedKeyHeadersAre401() {
        for (String header : List.of("x-api-key: ", "Authorization: Bearer ", "Authorization: Basic " + key,
                "Authorization: " + key, "x-api-key: " + key.toUpperCase(java.util.Locale.ROOT))) {
            HttpResponse<String> response = post(MESSAGES, VALID_BODY, header);

            assertThat(response.statusCode()).as(header).isEqualTo(401);
            assertAnthropicError(response, 401, "authentication_error", "");
        }
    }

    @Test
    void disabledKeyIs401() {
        JsonNode created = relay.createKey("{\"name\": \"to-be-disabled\"}");
        String disabled = created.get("key").asText();
        assertThat(post(MESSAGES, VALID_BODY, "x-api-key: " + disabled).statusCode()).isNotEqualTo(401);

        relay.adminCall("PATCH", "/admin/v1/keys/" + created.get("id").asText(), "{\"enabled\": false}", 200);
        HttpResponse<String> response = post(MESSAGES, VALID_BODY, "x-api-key: " + disabled);

        assertAnthropicError(response, 401, "authentication_error", "disabled");
        assertThat(response.body()).doesNotContain(disabled);
    }

    @Test
    void expiredKeyIs401() {
        String expired = relay.createKey("{\"name\": \"expired\", \"expiresAt\": \"2020-01-01T00:00:00Z\"}").get("key").asText();

        HttpResponse<String> response = post(MESSAGES, VALID_BODY, "Authorization: Bearer " + expired);

        assertAnthropicError(response, 401, "authentication_error", "expired");
        assertThat(response.body()).doesNotContain(expired);
    }

    @Test
    void deletedKeyIs401() {
        JsonNode created = relay.createKey("{\"name\": \"to-be-deleted\"}");
        relay.adminCall("DELETE", "/admin/v1/keys/" + created.get("id").asText(), null, 204);

        assertAnthropicError(post(MESSAGES, VALID_BODY, "x-api-key: " + created.get("key").asText()),
                401, "authentication_error", "");
    }

    @Test
    void adminTokenIsNotARelayKey() {
        assertAnthropicError(post(MESSAGES, VALID_BODY, "x-api-key: " + RelayHarness.ADMIN_TOKEN),
                401, "authentication_error", "");
    }

    // ---- no account ----

    @Test
    void validRequestWithNoAccountIs404NamingTheModel() {
        HttpResponse<String> response = post(MESSAGES, VALID_BODY, "x-api-key: " + key);

        assertAnthropicError(response, 404, "not_found_error", "no account of this relay serves model claude-sonnet-4-5");
    }

    @Test
    void streamingRequestWithNoAccountIsTheSameJsonError() {
        HttpResponse<String> response = post(MESSAGES, VALID_BODY.replace("\"max_tokens\"", "\"stream\": true, \"max_tokens\""),
                "x-api-key: " + key);

        assertAnthropicError(response, 404, "not_found_error", "no account of this relay serves model claude-sonnet-4-5");
    }

    // ---- body limit ----

    @Test
    void bodyOverTheLimitWithContentLengthIs413() {
        String body = VALID_BODY.replace("hi", "a".repeat((int) SMALL_LIMIT));

        HttpResponse<String> response = send(smallLimitRelay, "POST", MESSAGES, HttpRequest.BodyPublishers.ofString(body),
                "x-api-key: " + smallLimitKey);

        assertAnthropicError(response, 413, "request_too_large", "1024");
    }

    @Test
    void clientThatSendsAllOfAnOversizedBodyBeforeReadingStillGetsThe413() {
        // java.net.http reads the answer only after it has sent the whole body; were the relay to close on the
        // unread rest, the reset would now and then reach the client instead of the 413.
        String body = VALID_BODY.replace("hi", "a".repeat(8 * MIB));
        for (int attempt = 0; attempt < 30; attempt++) {
            HttpResponse<String> response = send(smallLimitRelay, "POST", MESSAGES, HttpRequest.BodyPublishers.ofString(body),
                    "x-api-key: " + smallLimitKey);

            assertAnthropicError(response, 413, "request_too_large", "1024");
        }
    }

    @Test
    void bodyAtTheLimitIsServed() {
        String body = VALID_BODY.replace("hi", "a".repeat((int) SMALL_LIMIT - VALID_BODY.length() + 2));
        assertThat(body.length()).isEqualTo(SMALL_LIMIT);

        HttpResponse<String> response = send(smallLimitRelay, "POST", MESSAGES, HttpRequest.BodyPublishers.ofString(body),
                "x-api-key: " + smallLimitKey);

        assertAnthropicError(response, 404, "not_found_error", "claude-sonnet-4-5");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        RawResponse response = sendUnfinishedBody(smallLimitRelay.port(), MESSAGES, -1, 4 * SMALL_LIMIT,
                "x-api-key: " + smallLimitKey);

        assertRawAnthropicError(response, 413, "request_too_large");
        assertThat(response.body()).doesNotContain(smallLimitKey);
    }

    @Test
    void chunkedBodyUnderTheLimitIsServed() {
        String body = VALID_BODY;
        String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        String request = "POST " + MESSAGES + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nx-api-key: " + smallLimitKey + "\r\n\r\n"
                + chunked;

        RawResponse response = RawHttp.exchange(smallLimitRelay.port(), request.getBytes(StandardCharsets.UTF_8));

        assertRawAnthropicError(response, 404, "not_found_error");
    }

    @Test
    void bodyOverTheLimitIs413InTheProtocolOfItsPath() {
        String body = "{\"model\": \"gpt-4o\", \"input\": \"" + "a".repeat((int) SMALL_LIMIT) + "\"}";

        HttpResponse<String> openai = send(smallLimitRelay, "POST", "/openai/v1/responses",
                HttpRequest.BodyPublishers.ofString(body), "Authorization: Bearer " + smallLimitKey);
        HttpResponse<String> gemini = send(smallLimitRelay, "POST", "/gemini/v1beta/models/gemini-2.5-pro:generateContent",
                HttpRequest.BodyPublishers.ofString(body), "x-goog-api-key: " + smallLimitKey);

        assertOpenAiError(openai, 413);
        assertGoogleError(gemini, 413, "INVALID_ARGUMENT");
    }

    @Test
    void fortyMebibytesDeclaredAgainstTheDefaultLimitIs413WithoutWaitingForTheBody() {
        // Only 1 MiB of the declared 40 MiB is ever sent: the answer can only come if the relay does not read on.
        RawResponse response = sendUnfinishedBody(relay.port(), MESSAGES, 40L * MIB, MIB, "x-api-key: " + key);

        assertRawAnthropicError(response, 413, "request_too_large");
        assertThat(response.body()).doesNotContain(key);
        assertThat(relay.send("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void fortyMebibytesChunkedAgainstTheDefaultLimitIs413OnceOverIt() {
        // The body never ends: the relay must answer once it is past 32 MiB, not wait for the rest.
        RawResponse response = sendUnfinishedBody(relay.port(), MESSAGES, -1, 40L * MIB, "x-api-key: " + key);

        assertRawAnthropicError(response, 413, "request_too_large");
        assertThat(response.body()).doesNotContain(key);
        assertAnthropicError(post(MESSAGES, VALID_BODY, "x-api-key: " + key), 404, "not_found_error", "claude-sonnet-4-5");
    }

    // ---- routes ----

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void unknownClaudeRouteIs404InAnthropicShape(String method) {
        HttpResponse<String> response = send(method, "/claude/v1/nothing",
                method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(VALID_BODY),
                "x-api-key: " + key);

        assertAnthropicError(response, 404, "not_found_error", "/claude/v1/nothing");
    }

    @Test
    void unknownOpenAiRouteIs404InOpenAiShape() {
        HttpResponse<String> response = post("/openai/v1/unknown", "{\"model\": \"gpt-4o\"}", "Authorization: Bearer " + key);

        assertOpenAiError(response, 404);
        assertThat(relay.parse(response.body()).get("error").get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void unknownGeminiRouteIs404InGoogleShape() {
        HttpResponse<String> response = post("/gemini/v1beta/models/gemini-2.5-pro:unknownMethod", "{\"contents\": []}",
                "x-goog-api-key: " + key);

        assertGoogleError(response, 404, "NOT_FOUND");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/favicon.ico", "/v1/messages", "/claude", "/claude/", "/robots.txt"})
    void pathOutsideEveryRouteIs404Json(String path) {
        HttpResponse<String> response = send("GET", path, HttpRequest.BodyPublishers.noBody());

        assertAnthropicError(response, 404, "not_found_error", "");
    }

    @Test
    void getOnTheMessagesEndpointIs404Or405InAnthropicShape() {
        HttpResponse<String> response = send("GET", MESSAGES, HttpRequest.BodyPublishers.noBody(), "x-api-key: " + key);

        assertThat(response.statusCode()).isIn(404, 405);
        assertAnthropicError(response, response.statusCode(), "not_found_error", "POST");
    }

    static Stream<Arguments> requestsForBothPrefixes() {
        return Stream.of(
                Arguments.of("no key", VALID_BODY, false),
                Arguments.of("missing max_tokens", "{\"model\": \"claude-sonnet-4-5\", \"messages\": []}", true),
                Arguments.of("malformed JSON", "{\"model\": ", true),
                Arguments.of("no account", VALID_BODY, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsForBothPrefixes")
    void apiPrefixAnswersLikeClaude(String description, String body, boolean withKey) {
        String[] headers = withKey ? new String[] {"x-api-key: " + key} : new String[0];

        HttpResponse<String> claude = post("/claude/v1/messages", body, headers);
        HttpResponse<String> api = post("/api/v1/messages", body, headers);

        assertThat(api.statusCode()).isEqualTo(claude.statusCode());
        assertThat(relay.parse(api.body())).isEqualTo(relay.parse(claude.body()));
        assertAnthropicError(api, claude.statusCode(), relay.parse(claude.body()).get("error").get("type").asText(), "");
    }

    @Test
    void apiPrefixServesTheOtherClaudeEndpointsToo() {
        HttpResponse<String> models = send("GET", "/api/v1/models", HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> countTokens = post("/api/v1/messages/count_tokens", "{\"model\": \"claude-sonnet-4-5\"}",
                "x-api-key: " + key);

        assertAnthropicError(models, 401, "authentication_error", "");
        assertAnthropicError(countTokens, 400, "invalid_request_error", "messages");
    }

    @Test
    void healthzAnswers200WithoutAKey() {
        HttpResponse<String> response = send("GET", "/healthz", HttpRequest.BodyPublishers.noBody());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(relay.parse(response.body()).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void wrongMethodOnHealthzIsAJsonErrorNotAPage() {
        HttpResponse<String> response = post("/healthz", "{}");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(relay.parse(response.body()).get("error").get("message").asText()).isNotBlank();
        assertNoLeak(response.body());
    }

    // ---- helpers ----

    private static HttpResponse<String> post(String path, String body, String... headers) {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    private static HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        return send(relay, method, path, body, headers);
    }

    /** Sends with the given {@code name: value} header lines and a JSON content type. */
    private static HttpResponse<String> send(RelayHarness target, String method, String path, HttpRequest.BodyPublisher body,
                                             String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(target.uri() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body).header("Content-Type", "application/json");
        for (String header : headers) {
            int colon = header.indexOf(':');
            builder.header(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a POST whose body never completes: with {@code declaredLength} as its Content-Length (or chunked when
     * it is negative), of which only {@code bytesToSend} bytes are written, from another thread. Answers what the
     * relay says meanwhile; a relay that waited for the whole body would leave the read to time out.
     */
    private static RawResponse sendUnfinishedBody(int port, String path, long declaredLength, long bytesToSend,
                                                  String... headerLines) {
        var head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
                .append("Content-Type: application/json\r\n");
        head.append(declaredLength < 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + declaredLength + "\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = RawHttp.connect(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = Thread.ofPlatform().daemon().start(() -> writeBody(out, declaredLength < 0, bytesToSend));
            try {
                return RawHttp.read(socket.getInputStream());
            } finally {
                writer.interrupt();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBody(OutputStream out, boolean chunked, long bytesToSend) {
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'a');
        byte[] chunkHeader = (Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] chunkEnd = "\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] start = "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 16, \"messages\": [], \"pad\": \""
                .getBytes(StandardCharsets.ISO_8859_1);
        try {
            if (chunked) {
                out.write((Integer.toHexString(start.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(start);
                out.write(chunkEnd);
            } else {
                out.write(start);
            }
            for (long sent = 0; sent < bytesToSend; sent += piece.length) {
                if (chunked) {
                    out.write(chunkHeader);
                    out.write(piece);
                    out.write(chunkEnd);
                } else {
                    out.write(piece);
                }
            }
            out.flush();
        } catch (IOException expected) {
            // the relay answered and closed the connection before it had everything: what the test wants
        }
    }

    private static String message(HttpResponse<String> response) {
        return relay.parse(response.body()).get("error").get("message").asText();
    }

    /** Anthropic's {"type":"error","error":{"type","message"}}, with the message containing {@code named}. */
    private static void assertAnthropicError(HttpResponse<String> response, int status, String type, String named) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/json"));
        assertAnthropicShape(response.body(), type);
        assertThat(message(response)).contains(named);
    }

    private static void assertRawAnthropicError(RawResponse response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/json"));
        assertAnthropicShape(response.body(), type);
    }

    private static void assertAnthropicShape(String text, String type) {
        JsonNode body = relay.parse(text);
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("type", "error");
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(fieldNames(body.get("error"))).containsExactlyInAnyOrder("type", "message");
        assertThat(body.get("error").get("type").asText()).isEqualTo(type);
        assertThat(body.get("error").get("message").asText()).isNotBlank();
        assertNoLeak(text);
    }

    /** OpenAI's {"error":{"message","type","code"}}. */
    private static void assertOpenAiError(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = relay.parse(response.body());
        assertThat(fieldNames(body)).containsExactly("error");
        assertThat(fieldNames(body.get("error"))).containsExactlyInAnyOrder("message", "type", "code");
        assertThat(body.get("error").get("message").asText()).isNotBlank();
        assertThat(body.get("error").get("type").asText()).isNotBlank();
        assertNoLeak(response.body());
    }

    /** Google's {"error":{"code","message","status"}}. */
    private static void assertGoogleError(HttpResponse<String> response, int status, String googleStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = relay.parse(response.body());
        assertThat(fieldNames(body)).containsExactly("error");
        assertThat(fieldNames(body.get("error"))).containsExactlyInAnyOrder("code", "message", "status");
        assertThat(body.get("error").get("code").asInt()).isEqualTo(status);
        assertThat(body.get("error").get("status").asText()).isEqualTo(googleStatus);
        assertNoLeak(response.body());
    }

    private static void assertNoLeak(String body) {
        assertThat(body).doesNotContain(key, smallLimitKey, RelayHarness.ADMIN_TOKEN, "Exception", "\tat ",
                "at dev.llmrelay", "at org.eclipse", "<html", "<HTML");
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
