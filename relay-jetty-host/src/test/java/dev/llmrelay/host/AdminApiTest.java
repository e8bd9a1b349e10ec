package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.key.KeyHash;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The admin API's accounts, keys and usage, as an operator sees them over HTTP (CONTRACT.md, Admin API). */
class AdminApiTest {
    private static final String API_KEY = "sk-ant-api03-SECRET-upstream-key-0001";
    private static final String ACCESS_TOKEN = "sk-ant-oat01-SECRET-access-token-0002";
    private static final String REFRESH_TOKEN = "sk-ant-ort01-SECRET-refresh-token-0003";
    private static final String PROXY_PASSWORD = "Pr0xyPa55w0rd";

    private static final String FULL_ACCOUNT = """
            {"name": "team-max-1", "platform": "claude", "kind": "api-key", "apiKey": "%s",
             "baseUrl": "https://api.anthropic.com", "proxy": "socks5://proxyuser:%s@10.0.0.2:1080",
             "priority": 10, "maxConcurrency": 4, "groups": ["team-a", "team-b"],
             "models": ["claude-sonnet-4-5"], "modelMapping": {"claude-3-7-sonnet-latest": "claude-sonnet-4-5"},
             "schedulable": false}
            """.formatted(API_KEY, PROXY_PASSWORD);

    private static final String OAUTH_ACCOUNT = """
            {"name": "max-oauth", "platform": "claude", "kind": "oauth",
             "oauth": {"accessToken": "%s", "refreshToken": "%s", "expiresAt": "2026-12-01T00:00:00Z"}}
            """.formatted(ACCESS_TOKEN, REFRESH_TOKEN);

    @TempDir
    Path dataDir;

    private RelayHarness relay;
    /** Every admin answer body this test received, to prove no secret was ever in one. */
    private final List<String> answers = new ArrayList<>();
    /** Relay keys issued in this test: no answer but their create answer may hold them or their hashes. */
    private final List<String> issuedKeys = new ArrayList<>();

    @BeforeEach
    void startRelay() {
        relay = RelayHarness.start(dataDir);
    }

    @AfterEach
    void noAnswerEverHeldASecret() {
        try {
            for (String body : answers) {
                assertThat(body).doesNotContain(API_KEY, ACCESS_TOKEN, REFRESH_TOKEN, PROXY_PASSWORD,
                        RelayHarness.ADMIN_TOKEN);
                for (String key : issuedKeys) {
                    assertThat(body).doesNotContain(key, KeyHash.of(key).hex());
                }
            }
        } finally {
            relay.close();
        }
    }

    // ---- accounts ----

    @Test
    void accountCreateAnswers201WithEveryFieldButTheSecrets() {
        HttpResponse<String> created = admin("POST", "/admin/v1/accounts", FULL_ACCOUNT);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode view = relay.parse(created.body());
        assertThat(view.get("id").asText()).isNotBlank();
        assertThat(view.get("name").asText()).isEqualTo("team-max-1");
        assertThat(view.get("platform").asText()).isEqualTo("claude");
        assertThat(view.get("kind").asText()).isEqualTo("api-key");
        assertThat(view.get("baseUrl").asText()).isEqualTo("https://api.anthropic.com");
        assertThat(view.get("proxy").asText()).isEqualTo("socks5://proxyuser:****@10.0.0.2:1080");
        assertThat(view.get("priority").asInt()).isEqualTo(10);
        assertThat(view.get("maxConcurrency").asInt()).isEqualTo(4);
        assertThat(texts(view.get("groups"))).containsExactly("team-a", "team-b");
        assertThat(texts(view.get("models"))).containsExactly("claude-sonnet-4-5");
        assertThat(view.get("modelMapping").get("claude-3-7-sonnet-latest").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(view.get("schedulable").asBoolean()).isFalse();
        assertThat(view.get("status").get("state").asText()).isEqualTo("active");
        assertThat(Instant.parse(view.get("createdAt").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(view.has("apiKey")).isFalse();
        assertThat(view.has("oauth")).isFalse();
    }

    @Test
    void accountListAndReadShowTheSameViewAsCreate() {
        JsonNode created = json(admin("POST", "/admin/v1/accounts", FULL_ACCOUNT), 201);
        JsonNode second = json(admin("POST", "/admin/v1/accounts", OAUTH_ACCOUNT), 201);

        JsonNode list = json(admin("GET", "/admin/v1/accounts", null), 200);
        JsonNode read = json(admin("GET", "/admin/v1/accounts/" + created.get("id").asText(), null), 200);

        assertThat(fieldNames(list)).containsExactly("items");
        assertThat(list.get("items")).hasSize(2);
        assertThat(list.get("items").get(0)).isEqualTo(created);
        assertThat(list.get("items").get(1)).isEqualTo(second);
        assertThat(read).isEqualTo(created);
    }

    @Test
    void oauthTokensAppearInNoAnswerButTheirExpiryAndRefreshabilityDo() {
        JsonNode created = json(admin("POST", "/admin/v1/accounts", OAUTH_ACCOUNT), 201);
        String id = created.get("id").asText();
        json(admin("GET", "/admin/v1/accounts", null), 200);
        json(admin("GET", "/admin/v1/accounts/" + id, null), 200);
        JsonNode patched = json(admin("PATCH", "/admin/v1/accounts/" + id, "{\"name\": \"renamed\"}"), 200);

        assertThat(created.get("kind").asText()).isEqualTo("oauth");
        assertThat(created.get("status").get("state").asText()).isEqualTo("active");
        assertThat(created.get("oauth").get("expiresAt").asText()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(fieldNames(created.get("oauth"))).containsExactly("expiresAt", "refreshable");
        assertThat(patched.get("oauth")).isEqualTo(created.get("oauth"));
        // the @AfterEach check proves neither token was in any of the four answers
    }

    @Test
    void accountPatchChangesOnlyTheFieldsItGives() {
        JsonNode created = json(admin("POST", "/admin/v1/accounts", FULL_ACCOUNT), 201);
        String id = created.get("id").asText();

        JsonNode patched = json(admin("PATCH", "/admin/v1/accounts/" + id,
                "{\"priority\": 5, \"groups\": [\"team-c\"], \"apiKey\": \"sk-ant-api03-SECRET-rotated\"}"), 200);
        JsonNode read = json(admin("GET", "/admin/v1/accounts/" + id, null), 200);

        ObjectNode expected = created.deepCopy();
        expected.put("priority", 5);
        expected.putArray("groups").add("team-c");
        assertThat(patched).isEqualTo(expected);
        assertThat(read).isEqualTo(expected);
        assertThat(answers).noneMatch(body -> body.contains("sk-ant-api03-SECRET-rotated"));
    }

    @Test
    void accountPatchOfOneFieldLeavesEveryOtherAlone() {
        JsonNode created = json(admin("POST", "/admin/v1/accounts", FULL_ACCOUNT), 201);
        String id = created.get("id").asText();

        JsonNode patched = json(admin("PATCH", "/admin/v1/accounts/" + id, "{\"schedulable\": true}"), 200);
        JsonNode unchanged = json(admin("PATCH", "/admin/v1/accounts/" + id, "{}"), 200);

        ObjectNode expected = created.deepCopy();
        expected.put("schedulable", true);
        assertThat(patched).isEqualTo(expected);
        assertThat(unchanged).isEqualTo(expected);
    }

    @Test
    void deletedAccountReadsAs404InTheErrorShape() {
        String id = json(admin("POST", "/admin/v1/accounts", FULL_ACCOUNT), 201).get("id").asText();

        HttpResponse<String> deleted = admin("DELETE", "/admin/v1/accounts/" + id, null);
        HttpResponse<String> read = admin("GET", "/admin/v1/accounts/" + id, null);
        HttpResponse<String> deletedAgain = admin("DELETE", "/admin/v1/accounts/" + id, null);
        HttpResponse<String> patched = admin("PATCH", "/admin/v1/accounts/" + id, "{\"priority\": 1}");

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertError(read, 404, "not_found_error", id);
        assertError(deletedAgain, 404, "not_found_error", id);
        assertError(patched, 404, "not_found_error", id);
        assertThat(json(admin("GET", "/admin/v1/accounts", null), 200).get("items")).isEmpty();
    }

    @Test
    void accountPlatformAndKindMustBeKnown() {
        assertError(admin("POST", "/admin/v1/accounts",
                "{\"name\": \"a\", \"platform\": \"bedrock\", \"kind\": \"api-key\", \"apiKey\": \"" + API_KEY + "\"}"),
                400, "invalid_request_error", "platform");
        assertError(admin("POST", "/admin/v1/accounts",
                "{\"name\": \"a\", \"platform\": \"claude\", \"kind\": \"password\", \"apiKey\": \"" + API_KEY + "\"}"),
                400, "invalid_request_error", "kind");
        assertThat(json(admin("GET", "/admin/v1/accounts", null), 200).get("items")).isEmpty();
    }

    @Test
    void apiKeyAccountWithoutItsKeyIsRefused() {
        assertError(admin("POST", "/admin/v1/accounts", "{\"name\": \"a\", \"platform\": \"claude\", \"kind\": \"api-key\"}"),
                400, "invalid_request_error", "apiKey");
        assertError(admin("POST", "/admin/v1/accounts",
                "{\"name\": \"a\", \"platform\": \"claude\", \"kind\": \"oauth\"}"), 400, "invalid_request_error", "oauth");
        assertError(admin("POST", "/admin/v1/accounts",
                "{\"name\": \"a\", \"platform\": \"claude\", \"kind\": \"api-key\", \"apiKey\": \"" + API_KEY
                        + "\", \"oauth\": {\"accessToken\": \"" + ACCESS_TOKEN + "\"}}"), 400, "invalid_request_error", "oauth");
    }

    @Test
    void openaiCompatibleAccountNeedsABaseUrl() {
        assertError(admin("POST", "/admin/v1/accounts",
                "{\"name\": \"local\", \"platform\": \"openai-compatible\", \"kind\": \"api-key\", \"apiKey\": \"" + API_KEY + "\"}"),
                400, "invalid_request_error", "baseUrl");

        JsonNode created = json(admin("POST", "/admin/v1/accounts",
                "{\"name\": \"local\", \"platform\": \"openai-compatible\", \"kind\": \"api-key\", \"apiKey\": \""
                        + API_KEY + "\", \"baseUrl\": \"http://127.0.0.1:11434/v1\"}"), 201);
        assertThat(created.get("baseUrl").asText()).isEqualTo("http://127.0.0.1:11434/v1");
    }

    @Test
    void accountWithoutANameIsRefused() {
        assertError(admin("POST", "/admin/v1/accounts",
                "{\"platform\": \"claude\", \"kind\": \"api-key\", \"apiKey\": \"" + API_KEY + "\"}"),
                400, "invalid_request_error", "name");
    }

    // ---- fields: unknown, wrong types, malformed bodies ----

    static Stream<Arguments> unknownFields() {
        return Stream.of(
                Arguments.of("/admin/v1/accounts", """
                        {"name": "a", "platform": "claude", "kind": "api-key", "apiKey": "sk-x", "colour": "red"}""",
                        "colour"),
                Arguments.of("/admin/v1/accounts", """
                        {"name": "a", "platform": "claude", "kind": "oauth",
                         "oauth": {"accessToken": "t", "scope": "user:inference"}}""", "oauth.scope"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"owner\": \"bob\"}", "owner"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": {\"burst\": 3}}", "limits.burst"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"expires_at\": \"2027-01-01T00:00:00Z\"}", "expires_at"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"key\": \"rk_chosenByTheCaller\"}", "key"),
                Arguments.of("/admin/v1/accounts", """
                        {"id": "acc_mine", "name": "a", "platform": "claude", "kind": "api-key", "apiKey": "sk-x"}""", "id"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("unknownFields")
    void unknownFieldIs400NamingIt(String path, String body, String field) {
        HttpResponse<String> response = admin("POST", path, body);

        assertError(response, 400, "invalid_request_error", "'" + field + "'");
        assertThat(json(admin("GET", path, null), 200).get("items")).isEmpty();
    }

    @Test
    void unknownFieldInAPatchIs400AndChangesNothing() {
        JsonNode created = json(admin("POST", "/admin/v1/accounts", FULL_ACCOUNT), 201);
        String id = created.get("id").asText();
        JsonNode key = createKey("{\"name\": \"k\", \"limits\": {\"requestsPerWindow\": 5}}");

        assertError(admin("PATCH", "/admin/v1/accounts/" + id, "{\"priority\": 1, \"region\": \"eu\"}"),
                400, "invalid_request_error", "'region'");
        assertError(admin("PATCH", "/admin/v1/keys/" + key.get("id").asText(), "{\"limits\": {\"rpm\": 1}}"),
                400, "invalid_request_error", "'limits.rpm'");

        assertThat(json(admin("GET", "/admin/v1/accounts/" + id, null), 200)).isEqualTo(created);
        assertThat(json(admin("GET", "/admin/v1/keys/" + key.get("id").asText(), null), 200).get("limits")
                .get("requestsPerWindow").asLong()).isEqualTo(5);
    }

    static Stream<Arguments> wrongTypes() {
        String account = "\"name\": \"a\", \"platform\": \"claude\", \"kind\": \"api-key\", \"apiKey\": \"sk-x\"";
        return Stream.of(
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"priority\": \"high\"}", "priority"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"maxConcurrency\": 1.5}", "maxConcurrency"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"groups\": \"team-a\"}", "groups"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"models\": [1, 2]}", "models"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"modelMapping\": {\"a\": 1}}", "modelMapping"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"schedulable\": \"yes\"}", "schedulable"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"baseUrl\": 8080}", "baseUrl"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"proxy\": [\"socks5://h:1\"]}", "proxy"),
                Arguments.of("/admin/v1/accounts", "{\"name\": 42, \"platform\": \"claude\", \"kind\": \"api-key\", \"apiKey\": \"sk-x\"}", "name"),
                Arguments.of("/admin/v1/accounts", "{\"name\": \"a\", \"platform\": \"claude\", \"kind\": \"oauth\", \"oauth\": \"tok\"}", "oauth"),
                Arguments.of("/admin/v1/accounts", "{\"name\": \"a\", \"platform\": \"claude\", \"kind\": \"oauth\", "
                        + "\"oauth\": {\"accessToken\": \"t\", \"expiresAt\": \"next week\"}}", "oauth.expiresAt"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"enabled\": \"yes\"}", "enabled"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"services\": \"claude\"}", "services"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"allowedModels\": {\"a\": \"b\"}}", "allowedModels"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"expiresAt\": \"tomorrow\"}", "expiresAt"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"expiresAfterFirstUseDays\": \"30\"}", "expiresAfterFirstUseDays"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": 100}", "limits"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": {\"costPerDayUsd\": \"5\"}}", "limits.costPerDayUsd"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": {\"requestsPerWindow\": 1.5}}", "limits.requestsPerWindow"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": {\"costTotalUsd\": 1e999}}", "limits.costTotalUsd"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"boundAccount\": 7}", "boundAccount"));
    }

    static Stream<Arguments> invalidValues() {
        String account = "\"name\": \"a\", \"platform\": \"claude\", \"kind\": \"api-key\", \"apiKey\": \"sk-x\"";
        return Stream.of(
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"maxConcurrency\": -1}", "maxConcurrency"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"proxy\": \"ftp://10.0.0.2:21\"}", "proxy"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"baseUrl\": \"file:///etc/passwd\"}", "baseUrl"),
                Arguments.of("/admin/v1/accounts", "{" + account + ", \"baseUrl\": \"https://user:pw@api.example\"}", "baseUrl"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"services\": [\"bedrock\"]}", "services"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"expiresAfterFirstUseDays\": 0}", "expiresAfterFirstUseDays"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": {\"windowSeconds\": 0}}", "limits.windowSeconds"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": {\"requestsPerWindow\": -1}}", "limits.requestsPerWindow"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": {\"costPerWeekUsd\": -1}}", "limits.costPerWeekUsd"),
                Arguments.of("/admin/v1/keys", "{\"name\": \"k\", \"limits\": {\"maxConcurrency\": 0}}", "limits.maxConcurrency"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("invalidValues")
    void fieldWithAnInvalidValueIs400NamingIt(String path, String body, String field) {
        HttpResponse<String> response = admin("POST", path, body);

        assertError(response, 400, "invalid_request_error", field);
        assertThat(json(admin("GET", path, null), 200).get("items")).isEmpty();
    }

    @Test
    void adminBodyOverOneMebibyteIs413() {
        String body = "{\"name\": \"" + "a".repeat(1024 * 1024) + "\"}";

        // java.net.http reads the answer only once the whole body is sent: each try must still see the 413, not a reset
        for (int attempt = 0; attempt < 30; attempt++) {
            assertError(admin("POST", "/admin/v1/keys", body), 413, "request_too_large", "1 MiB");
        }
        assertThat(json(admin("GET", "/admin/v1/keys", null), 200).get("items")).isEmpty();
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("wrongTypes")
    void fieldOfTheWrongTypeIs400NamingIt(String path, String body, String field) {
        HttpResponse<String> response = admin("POST", path, body);

        assertError(response, 400, "invalid_request_error", field);
        assertThat(json(admin("GET", path, null), 200).get("items")).isEmpty();
    }

    @Test
    void bodyThatIsNotAJsonObjectIs400() {
        assertError(admin("POST", "/admin/v1/accounts", "{\"name\": "), 400, "invalid_request_error", "JSON");
        assertError(admin("POST", "/admin/v1/accounts", "[{\"name\": \"a\"}]"), 400, "invalid_request_error", "object");
        assertError(admin("POST", "/admin/v1/keys", "\"alice\""), 400, "invalid_request_error", "object");
        assertError(admin("POST", "/admin/v1/keys", ""), 400, "invalid_request_error", "object");
    }

    // ---- keys ----

    @Test
    void keyCreateAnswersThePlaintextOnceAndNoLaterAnswerHoldsIt() {
        String accountId = json(admin("POST", "/admin/v1/accounts", FULL_ACCOUNT), 201).get("id").asText();
        JsonNode view = createKey("""
                {"name": "alice", "enabled": true, "services": ["claude", "openai"],
                 "allowedModels": ["claude-sonnet-4-5"], "blockedModels": ["claude-opus-4-1"],
                 "allowedClients": ["claude-code"], "boundAccount": "%s", "boundGroup": "team-a",
                 "expiresAt": "2027-01-01T00:00:00Z", "expiresAfterFirstUseDays": 30,
                 "limits": {"windowSeconds": 60, "requestsPerWindow": 100, "tokensPerWindow": 200000,
                            "costPerDayUsd": 5.0, "costPerWeekUsd": 20.0, "costTotalUsd": 100.0, "maxConcurrency": 2}}
                """.formatted(accountId));

        String plaintext = view.get("key").asText();
        assertThat(plaintext).startsWith("rk_").hasSizeGreaterThan(20);
        String id = view.get("id").asText();
        assertThat(view.get("name").asText()).isEqualTo("alice");
        assertThat(view.get("enabled").asBoolean()).isTrue();
        assertThat(texts(view.get("services"))).containsExactlyInAnyOrder("claude", "openai");
        assertThat(texts(view.get("allowedModels"))).containsExactly("claude-sonnet-4-5");
        assertThat(texts(view.get("blockedModels"))).containsExactly("claude-opus-4-1");
        assertThat(texts(view.get("allowedClients"))).containsExactly("claude-code");
        assertThat(view.get("boundAccount").asText()).isEqualTo(accountId);
        assertThat(view.get("boundGroup").asText()).isEqualTo("team-a");
        assertThat(view.get("expiresAt").asText()).isEqualTo("2027-01-01T00:00:00Z");
        assertThat(view.get("expiresAfterFirstUseDays").asInt()).isEqualTo(30);
        JsonNode limits = view.get("limits");
        assertThat(limits.get("windowSeconds").asInt()).isEqualTo(60);
        assertThat(limits.get("requestsPerWindow").asLong()).isEqualTo(100);
        assertThat(limits.get("tokensPerWindow").asLong()).isEqualTo(200000);
        assertThat(limits.get("costPerDayUsd").asDouble()).isEqualTo(5.0);
        assertThat(limits.get("costPerWeekUsd").asDouble()).isEqualTo(20.0);
        assertThat(limits.get("costTotalUsd").asDouble()).isEqualTo(100.0);
        assertThat(limits.get("maxConcurrency").asInt()).isEqualTo(2);
        assertThat(Instant.parse(view.get("createdAt").asText())).isBeforeOrEqualTo(Instant.now());

        JsonNode list = json(admin("GET", "/admin/v1/keys", null), 200);
        JsonNode read = json(admin("GET", "/admin/v1/keys/" + id, null), 200);
        JsonNode patched = json(admin("PATCH", "/admin/v1/keys/" + id, "{\"name\": \"alice-2\"}"), 200);

        ObjectNode withoutKey = view.deepCopy();
        withoutKey.remove("key");
        assertThat(fieldNames(list)).containsExactly("items");
        assertThat(list.get("items")).containsExactly(withoutKey);
        assertThat(read).isEqualTo(withoutKey);
        assertThat(patched.has("key")).isFalse();
        assertThat(patched.get("name").asText()).isEqualTo("alice-2");
    }

    @Test
    void eachKeyIsDifferent() {
        String first = createKey("{\"name\": \"a\"}").get("key").asText();
        String second = createKey("{\"name\": \"a\"}").get("key").asText();

        assertThat(first).isNotEqualTo(second);
        assertThat(json(admin("GET", "/admin/v1/keys", null), 200).get("items")).hasSize(2);
    }

    @Test
    void keyPatchChangesOnlyTheFieldsItGives() {
        JsonNode created = createKey("""
                {"name": "bob", "services": ["claude"], "allowedModels": ["claude-sonnet-4-5"],
                 "limits": {"windowSeconds": 60, "requestsPerWindow": 10}}""");
        String id = created.get("id").asText();

        JsonNode patched = json(admin("PATCH", "/admin/v1/keys/" + id, "{\"enabled\": false}"), 200);
        JsonNode read = json(admin("GET", "/admin/v1/keys/" + id, null), 200);

        ObjectNode expected = created.deepCopy();
        expected.remove("key");
        expected.put("enabled", false);
        assertThat(patched).isEqualTo(expected);
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void deletedKeyReadsAs404InTheErrorShape() {
        JsonNode created = createKey("{\"name\": \"carol\"}");
        String id = created.get("id").asText();

        HttpResponse<String> deleted = admin("DELETE", "/admin/v1/keys/" + id, null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertError(admin("GET", "/admin/v1/keys/" + id, null), 404, "not_found_error", id);
        assertError(admin("DELETE", "/admin/v1/keys/" + id, null), 404, "not_found_error", id);
        assertThat(json(admin("GET", "/admin/v1/keys", null), 200).get("items")).isEmpty();
    }

    @Test
    void keyBoundToNoAccountIsRefused() {
        assertError(admin("POST", "/admin/v1/keys", "{\"name\": \"dave\", \"boundAccount\": \"acc_doesNotExist\"}"),
                400, "invalid_request_error", "boundAccount");

        assertThat(json(admin("GET", "/admin/v1/keys", null), 200).get("items")).isEmpty();
    }

    @Test
    void keyWithoutANameIsRefused() {
        assertError(admin("POST", "/admin/v1/keys", "{}"), 400, "invalid_request_error", "name");
        assertError(admin("POST", "/admin/v1/keys", "{\"name\": \"  \"}"), 400, "invalid_request_error", "name");
    }

    // ---- usage ----

    @Test
    void usageAnswersRows() {
        for (String query : List.of("", "?by=key", "?by=account&granularity=hour", "?by=model&granularity=month",
                "?by=key&granularity=day&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z")) {
            JsonNode usage = json(admin("GET", "/admin/v1/usage" + query, null), 200);

            assertThat(fieldNames(usage)).as(query).containsExactly("rows");
            assertThat(usage.get("rows").isArray()).as(query).isTrue();
        }
    }

    static Stream<Arguments> badUsageQueries() {
        return Stream.of(
                Arguments.of("?by=team", "by"),
                Arguments.of("?granularity=week", "granularity"),
                Arguments.of("?from=yesterday", "from"),
                Arguments.of("?from=2026-01-01", "from"),
                Arguments.of("?to=now", "to"),
                Arguments.of("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsageQueries")
    void usageRefusesABadParameterNamingIt(String query, String parameter) {
        HttpResponse<String> response = admin("GET", "/admin/v1/usage" + query, null);

        assertError(response, 400, "invalid_request_error", parameter);
        assertThat(relay.parse(response.body()).get("error").get("message").asText()).startsWith(parameter + " ");
    }

    // ---- methods and routes ----

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("PUT", "/admin/v1/accounts", "GET, POST"),
                Arguments.of("DELETE", "/admin/v1/keys", "GET, POST"),
                Arguments.of("PATCH", "/admin/v1/keys", "GET, POST"),
                Arguments.of("POST", "/admin/v1/usage", "GET"),
                Arguments.of("DELETE", "/admin/v1/usage", "GET"),
                Arguments.of("POST", "/admin/v1/keys/key_x", "GET, PATCH, DELETE"),
                Arguments.of("PUT", "/admin/v1/accounts/acc_x", "GET, PATCH, DELETE"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void wrongMethodIs405WithTheErrorShapeAndAllow(String method, String path, String allowed) {
        HttpResponse<String> response = admin(method, path, method.equals("DELETE") ? null : "{\"name\": \"x\"}");

        assertError(response, 405, "invalid_request_error", method);
        assertThat(response.headers().firstValue("Allow")).hasValue(allowed);
    }

    @Test
    void unknownAdminRouteIs404NamingThePath() {
        assertError(admin("GET", "/admin/v2/keys", null), 404, "not_found_error", "/admin/v2/keys");
        assertError(admin("GET", "/admin/v1/secrets", null), 404, "not_found_error", "/admin/v1/secrets");
        assertError(admin("GET", "/admin/v1/keys/a/b", null), 404, "not_found_error", "/admin/v1/keys/a/b");
        assertError(admin("GET", "/admin", null), 404, "not_found_error", "/admin");
    }

    // ---- helpers ----

    /** Creates a key, expecting 201; its answer (the one allowed to hold the plaintext) is kept out of {@link #answers}. */
    private JsonNode createKey(String body) {
        HttpResponse<String> response = relay.send("POST", "/admin/v1/keys", body, RelayHarness.ADMIN_TOKEN);
        JsonNode created = json(response, 201);
        String plaintext = created.get("key").asText();
        issuedKeys.add(plaintext);
        assertThat(response.body().split(plaintext, -1)).as("the plaintext appears once").hasSize(2);
        assertThat(response.body()).doesNotContain(KeyHash.of(plaintext).hex());
        return created;
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        HttpResponse<String> response = relay.send(method, path, body, RelayHarness.ADMIN_TOKEN);
        answers.add(response.body());
        return response;
    }

    private JsonNode json(HttpResponse<String> response, int expectedStatus) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return relay.parse(response.body());
    }

    /** The admin error shape {"error":{"type","message"}} with this status and type, the message naming {@code named}. */
    private void assertError(HttpResponse<String> response, int status, String type, String named) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/json"));
        JsonNode body = relay.parse(response.body());
        assertThat(fieldNames(body)).containsExactly("error");
        assertThat(fieldNames(body.get("error"))).containsExactlyInAnyOrder("type", "message");
        assertThat(body.get("error").get("type").asText()).isEqualTo(type);
        assertThat(body.get("error").get("message").asText()).contains(named);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "<html");
    }

    private static List<String> texts(JsonNode array) {
        var texts = new ArrayList<String>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
