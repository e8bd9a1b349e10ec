package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.host.RawHttp.RawResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
 * Every spelling of an admin path, sent byte for byte over a raw socket so no client normalises it: without the
 * admin token none answers 2xx or leaks data; a spelling the relay routes to the admin API answers 401, one it
 * does not route answers 400 or 404 (CONTRACT.md, Admin API).
 *
 * <p>What each spelling answers (X is keys, accounts or usage; Jetty 12.1's default URI compliance decides the
 * 400s, before any servlet sees the request):
 * <pre>
 * spelling                          no / wrong token    right token
 * /admin/v1/X                       401                 200, the answer of /admin/v1/X
 * /admin/v1/X/                      401                 as /admin/v1/X
 * /admin/v1/X?x=1                   401                 as /admin/v1/X
 * /admin/v1/X;jsessionid=x          401                 as /admin/v1/X (path parameter dropped)
 * /admin;x=y/v1/X                   401                 as /admin/v1/X (path parameter dropped)
 * /admin/./v1/X, /./admin/v1/X      401                 as /admin/v1/X (dot segment resolved)
 * /admin/v1/X/.                     401                 as /admin/v1/X
 * /admin/v1/../v1/X                 401                 as /admin/v1/X
 * /admin/../admin/v1/X              401                 as /admin/v1/X
 * /admin/v1/X/../accounts           401                 as /admin/v1/accounts
 * /%61dmin/v1/X                     401                 as /admin/v1/X (an encoded letter is decoded)
 * /admin/v1/%6beys (first letter)   401                 as /admin/v1/X
 * http://127.0.0.1/admin/v1/X       401                 as /admin/v1/X (absolute form)
 * /admin/v1/X%3Bx=1                 401                 404 admin error (an encoded ';' is part of the name)
 * /admin, /admin/, /admin/v1, /admin/v2/X   401          404 admin error
 * /ADMIN/v1/X, /Admin/v1/X          404                 404 (paths are case-sensitive: a client route, none)
 * /admin/v1/X/../../..              404                 404 (resolves to /, a client route, none)
 * //admin/v1/X, /admin//v1/X        400                 400 (ambiguous empty segment)
 * /admin/v1//X                      400                 400
 * /admin/v1/%2e%2e/v1/X             400                 400 (ambiguous encoded dot segment)
 * /admin/%2e%2e/admin/v1/X          400                 400
 * /admin/v1/X/%2e, /admin/v1/X/%2E%2E/accounts   400    400
 * /admin%2Fv1%2FX, /admin/v1%2FX    400                 400 (ambiguous encoded separator)
 * /admin/v1/X%2F                    400                 400
 * /admin/v1/X/..;/keys              400                 400 (ambiguous path parameter)
 * /admin/v1/X%00                    400                 400 (encoded NUL)
 * /admin\v1\X, /admin/v1/X%5c       400                 400 (backslash)
 * /admin/v1/X#frag                  400                 400 (a fragment is not part of a request target)
 * /../admin/v1/X                    400                 400 (above the root)
 * /admin/v1/X%252F, /admin%252Fv1%252FX   400          400 (ambiguous encoding: an encoded '%')
 * </pre>
 */
class HostilePathsTest {
    private static final String ACCOUNT_SECRET = "sk-ant-api03-HOSTILE-upstream-secret";

    @TempDir
    static Path dataDir;

    private static RelayHarness relay;
    /** Everything an answer without the admin token must never hold. */
    private static final List<String> secretsAndData = new ArrayList<>();

    @BeforeAll
    static void startRelayWithAnAccountAndAKey() {
        relay = RelayHarness.start(dataDir);
        JsonNode account = relay.adminCall("POST", "/admin/v1/accounts", """
                {"name": "hostile-paths-account", "platform": "claude", "kind": "api-key", "apiKey": "%s"}
                """.formatted(ACCOUNT_SECRET), 201);
        JsonNode key = relay.createKey("{\"name\": \"hostile-paths-key\"}");
        String plaintext = key.get("key").asText();
        secretsAndData.addAll(List.of(ACCOUNT_SECRET, plaintext, KeyHash.of(plaintext).hex(), RelayHarness.ADMIN_TOKEN,
                account.get("id").asText(), "hostile-paths-account", key.get("id").asText(), "hostile-paths-key",
                "\"items\"", "\"rows\""));
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    /** A spelling, what it answers without the token, and with it: like {@code canonical}, or else {@code withToken}. */
    record Spelling(String target, int withoutToken, String canonical, int withToken) {
        static Spelling gated(String target, String canonical) {
            return new Spelling(target, 401, canonical, 200);
        }

        static Spelling gated(String target, int withToken) {
            return new Spelling(target, 401, null, withToken);
        }

        static Spelling unrouted(String target, int status) {
            return new Spelling(target, status, null, status);
        }

        @Override
        public String toString() {
            return target + " -> " + withoutToken;
        }
    }

    static Stream<Spelling> spellings() {
        var spellings = new ArrayList<Spelling>();
        for (String x : List.of("keys", "accounts", "usage")) {
            String canonical = "/admin/v1/" + x;
            String encodedFirstLetter = "%" + Integer.toHexString(x.charAt(0)) + x.substring(1);
            spellings.addAll(List.of(
                    Spelling.gated("/admin/v1/" + x, canonical),
                    Spelling.gated("/admin/v1/" + x + "/", canonical),
                    Spelling.gated("/admin/v1/" + x + "?x=1", canonical),
                    Spelling.gated("/admin/v1/" + x + ";jsessionid=x", canonical),
                    Spelling.gated("/admin;x=y/v1/" + x, canonical),
                    Spelling.gated("/admin/./v1/" + x, canonical),
                    Spelling.gated("/./admin/v1/" + x, canonical),
                    Spelling.gated("/admin/v1/" + x + "/.", canonical),
                    Spelling.gated("/admin/v1/../v1/" + x, canonical),
                    Spelling.gated("/admin/../admin/v1/" + x, canonical),
                    Spelling.gated("/admin/v1/" + x + "/../accounts", "/admin/v1/accounts"),
                    Spelling.gated("/%61dmin/v1/" + x, canonical),
                    Spelling.gated("/admin/v1/" + encodedFirstLetter, canonical),
                    Spelling.gated("http://127.0.0.1/admin/v1/" + x, canonical),
                    Spelling.gated("/admin/v1/" + x + "%3Bx=1", 404),
                    Spelling.gated("/admin/v2/" + x, 404),
                    Spelling.unrouted("/ADMIN/v1/" + x, 404),
                    Spelling.unrouted("/Admin/v1/" + x, 404),
                    Spelling.unrouted("/admin/v1/" + x + "/../../..", 404),
                    Spelling.unrouted("//admin/v1/" + x, 400),
                    Spelling.unrouted("/admin//v1/" + x, 400),
                    Spelling.unrouted("/admin/v1//" + x, 400),
                    Spelling.unrouted("/admin/v1/%2e%2e/v1/" + x, 400),
                    Spelling.unrouted("/admin/%2e%2e/admin/v1/" + x, 400),
                    Spelling.unrouted("/admin/v1/" + x + "/%2e", 400),
                    Spelling.unrouted("/admin/v1/" + x + "/%2E%2E/accounts", 400),
                    Spelling.unrouted("/admin%2Fv1%2F" + x, 400),
                    Spelling.unrouted("/admin/v1%2F" + x, 400),
                    Spelling.unrouted("/admin/v1/" + x + "%2F", 400),
                    Spelling.unrouted("/admin/v1/" + x + "/..;/keys", 400),
                    Spelling.unrouted("/admin/v1/" + x + "%00", 400),
                    Spelling.unrouted("/admin/v1/" + x + "%252F", 400),
                    Spelling.unrouted("/admin%252Fv1%252F" + x, 400),
                    Spelling.unrouted("/admin\\v1\\" + x, 400),
                    Spelling.unrouted("/admin/v1/" + x + "%5c", 400),
                    Spelling.unrouted("/admin/v1/" + x + "#frag", 400),
                    Spelling.unrouted("/../admin/v1/" + x, 400)));
        }
        spellings.addAll(List.of(
                Spelling.gated("/admin", 404),
                Spelling.gated("/admin/", 404),
                Spelling.gated("/admin/v1", 404),
                Spelling.gated("/admin/v1/", 404)));
        return spellings.stream();
    }

    static Stream<Spelling> spellingsRoutedToAdmin() {
        return spellings().filter(spelling -> spelling.withoutToken() == 401);
    }

    static Stream<Spelling> spellingsNotRoutedToAdmin() {
        return spellings().filter(spelling -> spelling.withoutToken() != 401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellings")
    void spellingWithoutTheTokenAnswersAsItsRouteDecidesAndNeverLeaks(Spelling spelling) {
        RawResponse noToken = RawHttp.get(relay.port(), spelling.target());
        RawResponse wrongToken = RawHttp.get(relay.port(), spelling.target(), "Authorization: Bearer not-the-admin-token");

        for (RawResponse response : List.of(noToken, wrongToken)) {
            assertThat(response.status()).as(spelling.target() + ": " + response.body()).isEqualTo(spelling.withoutToken());
            assertNoLeak(response);
            assertJsonError(response);
            if (response.status() == 401) {
                assertAdminAuthenticationError(response);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellingsRoutedToAdmin")
    void spellingRoutedToAdminAnswersWithTheTokenLikeItsCanonicalPath(Spelling spelling) {
        RawResponse withToken = RawHttp.get(relay.port(), spelling.target(), bearer(RelayHarness.ADMIN_TOKEN));

        if (spelling.canonical() != null) {
            RawResponse canonical = RawHttp.get(relay.port(), spelling.canonical(), bearer(RelayHarness.ADMIN_TOKEN));
            assertThat(canonical.status()).isEqualTo(200);
            assertThat(withToken.status()).as(withToken.body()).isEqualTo(canonical.status());
            assertThat(relay.parse(withToken.body())).isEqualTo(relay.parse(canonical.body()));
        } else {
            assertThat(withToken.status()).as(withToken.body()).isEqualTo(spelling.withToken());
            JsonNode error = relay.parse(withToken.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("not_found_error");
            assertThat(error.get("message").asText()).startsWith("no admin route GET /admin");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spellingsNotRoutedToAdmin")
    void spellingNotRoutedToAdminAnswersTheSameWithTheToken(Spelling spelling) {
        RawResponse withToken = RawHttp.get(relay.port(), spelling.target(), bearer(RelayHarness.ADMIN_TOKEN));

        assertThat(withToken.status()).as(withToken.body()).isEqualTo(spelling.withToken());
        assertNoLeak(withToken);
    }

    static Stream<Arguments> wrongAuthorizations() {
        String token = RelayHarness.ADMIN_TOKEN;
        String basicUserPassword = Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
        String basicToken = Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of("token upper-cased", List.of("Authorization: Bearer " + token.toUpperCase(Locale.ROOT))),
                Arguments.of("one letter's case changed", List.of("Authorization: Bearer T" + token.substring(1))),
                Arguments.of("Basic user:token", List.of("Authorization: Basic " + basicUserPassword)),
                Arguments.of("Basic token", List.of("Authorization: Basic " + basicToken)),
                Arguments.of("empty bearer", List.of("Authorization: Bearer ")),
                Arguments.of("bare Bearer", List.of("Authorization: Bearer")),
                Arguments.of("trailing extra char", List.of("Authorization: Bearer " + token + "x")),
                Arguments.of("last char missing", List.of("Authorization: Bearer " + token.substring(0, token.length() - 1))),
                Arguments.of("token with a second word", List.of("Authorization: Bearer " + token + " " + token)),
                Arguments.of("token without a scheme", List.of("Authorization: " + token)),
                Arguments.of("another scheme", List.of("Authorization: Token " + token)),
                Arguments.of("token in x-api-key", List.of("x-api-key: " + token)),
                Arguments.of("wrong bearer before the right one",
                        List.of("Authorization: Bearer wrong", "Authorization: Bearer " + token)),
                Arguments.of("empty Authorization", List.of("Authorization: ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongAuthorizations")
    void authorizationThatIsNotExactlyTheBearerTokenIs401(String description, List<String> headerLines) {
        for (String target : List.of("/admin/v1/keys", "/admin/v1/accounts", "/admin/v1/usage")) {
            RawResponse response = RawHttp.get(relay.port(), target, headerLines.toArray(String[]::new));

            assertThat(response.status()).as(description + " " + target + ": " + response.body()).isEqualTo(401);
            assertAdminAuthenticationError(response);
            assertNoLeak(response);
        }
    }

    @Test
    void tokenInTheQueryIsNotAnAdminCredential() {
        RawResponse response = RawHttp.get(relay.port(), "/admin/v1/keys?key=" + RelayHarness.ADMIN_TOKEN
                + "&token=" + RelayHarness.ADMIN_TOKEN);

        assertThat(response.status()).isEqualTo(401);
        assertNoLeak(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"})
    void everyMethodWithoutTheTokenIs401(String method) {
        for (String target : List.of("/admin/v1/keys", "/admin/v1/accounts", "/admin/v1/usage", "/admin/v1/keys/key_x")) {
            String body = method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE") ? ""
                    : "{\"name\": \"intruder\"}";
            String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (body.isEmpty() ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
                    + "\r\n" + body;
            RawResponse response = RawHttp.exchange(relay.port(), request.getBytes(StandardCharsets.ISO_8859_1));

            assertThat(response.status()).as(method + " " + target + ": " + response.body()).isEqualTo(401);
            assertNoLeak(response);
        }
    }

    @Test
    void writesWithoutTheTokenChangeNothing() {
        JsonNode keysBefore = relay.adminCall("GET", "/admin/v1/keys", null, 200);
        JsonNode accountsBefore = relay.adminCall("GET", "/admin/v1/accounts", null, 200);
        String keyId = keysBefore.get("items").get(0).get("id").asText();
        String accountId = accountsBefore.get("items").get(0).get("id").asText();

        assertThat(relay.send("DELETE", "/admin/v1/keys/" + keyId, null, null).statusCode()).isEqualTo(401);
        assertThat(relay.send("DELETE", "/admin/v1/accounts/" + accountId, null, "wrong").statusCode()).isEqualTo(401);
        assertThat(relay.send("PATCH", "/admin/v1/keys/" + keyId, "{\"enabled\": false}", null).statusCode()).isEqualTo(401);
        assertThat(relay.send("PATCH", "/admin/v1/accounts/" + accountId, "{\"priority\": 1}", "wrong").statusCode())
                .isEqualTo(401);
        assertThat(relay.send("POST", "/admin/v1/keys", "{\"name\": \"intruder\"}", null).statusCode()).isEqualTo(401);
        assertThat(relay.send("POST", "/admin/v1/accounts", """
                {"name": "intruder", "platform": "claude", "kind": "api-key", "apiKey": "sk-x"}""", "wrong").statusCode())
                .isEqualTo(401);

        assertThat(relay.adminCall("GET", "/admin/v1/keys", null, 200)).isEqualTo(keysBefore);
        assertThat(relay.adminCall("GET", "/admin/v1/accounts", null, 200)).isEqualTo(accountsBefore);
    }

    @Test
    void rightTokenIsAcceptedWhateverTheSchemesCase() {
        RawResponse lowerScheme = RawHttp.get(relay.port(), "/admin/v1/keys", "Authorization: bearer " + RelayHarness.ADMIN_TOKEN);

        assertThat(lowerScheme.status()).isEqualTo(200);
    }

    // ---- helpers ----

    private static String bearer(String token) {
        return "Authorization: Bearer " + token;
    }

    private static void assertNoLeak(RawResponse response) {
        assertThat(response.status() / 100).as("a 2xx answer: " + response.body()).isNotEqualTo(2);
        assertThat(response.body()).doesNotContain(secretsAndData.toArray(String[]::new));
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "at org.eclipse", "at dev.llmrelay");
        assertThat(response.body().toLowerCase(Locale.ROOT)).doesNotContain("<html", "<!doctype", "<body");
    }

    /** Every answer, the 400s Jetty gives before any servlet included, is a JSON error object. */
    private static void assertJsonError(RawResponse response) {
        assertThat(response.header("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = relay.parse(response.body());
        assertThat(body.get("error").isObject()).as(response.body()).isTrue();
        assertThat(body.get("error").get("message").asText()).isNotBlank();
    }

    private static void assertAdminAuthenticationError(RawResponse response) {
        JsonNode body = relay.parse(response.body());
        assertThat(body.get("error").get("type").asText()).isEqualTo("authentication_error");
        assertThat(response.header("www-authenticate")).hasValue("Bearer");
    }
}
