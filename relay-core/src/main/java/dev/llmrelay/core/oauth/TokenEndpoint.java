package dev.llmrelay.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Talks to a provider's token endpoint as its CLI does: exchanges an authorization code (with the PKCE verifier),
 * refreshes tokens, and runs a device login. Answers are values; no token reaches a log or a message.
 */
public final class TokenEndpoint {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_ANSWER_BYTES = 256 * 1024;

    private final ObjectMapper json;
    private final Clock clock;

    public TokenEndpoint(ObjectMapper json, Clock clock) {
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Exchanges the code the operator pasted, proving the login with {@code verifier}. */
    public TokenAnswer exchangeCode(OAuthProvider provider, OkHttpClient client, String code, Secret verifier,
                                    String state) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("client_id", provider.clientId());
        provider.clientSecret().ifPresent(secret -> body.put("client_secret", secret.reveal()));
        body.put("code", code);
        body.put("redirect_uri", provider.redirectUri());
        body.put("code_verifier", verifier.reveal());
        if (provider.platform() == Platform.CLAUDE) {
            body.put("state", state);
        }
        return post(provider, client, body);
    }

    /** Trades {@code refreshToken} for new tokens; {@code accountId} scopes the refresh where the provider wants it. */
    public TokenAnswer refresh(OAuthProvider provider, OkHttpClient client, Secret refreshToken,
                               Optional<String> accountId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "refresh_token");
        body.put("client_id", provider.clientId());
        provider.clientSecret().ifPresent(secret -> body.put("client_secret", secret.reveal()));
        body.put("refresh_token", refreshToken.reveal());
        provider.refreshScope().ifPresent(scope -> body.put("scope", scope));
        if (provider.platform() == Platform.DROID) {
            accountId.ifPresent(organisation -> body.put("organization_id", organisation));
        }
        return post(provider, client, body);
    }

    /** Starts a device login: what the operator opens and the device code to poll with. */
    DeviceStart startDevice(OAuthProvider provider, OkHttpClient client) {
        var request = new Request.Builder().url(provider.authorizeUrl())
                .header("accept", "application/json")
                .post(new FormBody.Builder().add("client_id", provider.clientId()).build()).build();
        try (Response response = timed(client).newCall(request).execute()) {
            JsonNode answer = read(response);
            if (!response.isSuccessful()) {
                return new DeviceStart.Failed("the device authorization endpoint answered " + response.code()
                        + describeError(answer));
            }
            String deviceCode = answer.path("device_code").asText("");
            String uri = answer.path("verification_uri_complete").asText(answer.path("verification_uri").asText(""));
            if (deviceCode.isEmpty() || uri.isEmpty()) {
                return new DeviceStart.Failed("the device authorization answer has no device_code or verification_uri");
            }
            return new DeviceStart.Started(new DeviceAuthorization(Secret.of(deviceCode), answer.path("user_code").asText(""), uri,
                    Duration.ofSeconds(answer.path("expires_in").asLong(300)),
                    Duration.ofSeconds(Math.max(1, answer.path("interval").asLong(5)))));
        } catch (IOException e) {
            return new DeviceStart.Failed("the device authorization endpoint did not answer: " + e.getClass().getSimpleName());
        }
    }

    /** How starting a device login went. */
    sealed interface DeviceStart {
        record Started(DeviceAuthorization authorization) implements DeviceStart {
        }

        record Failed(String why) implements DeviceStart {
        }
    }

    /** Asks once whether the operator has approved the device login. */
    TokenAnswer pollDevice(OAuthProvider provider, OkHttpClient client, Secret deviceCode, Duration interval) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
        body.put("device_code", deviceCode.reveal());
        body.put("client_id", provider.clientId());
        TokenAnswer answer = post(provider, client, body);
        if (answer instanceof TokenAnswer.Refused refused
                && (refused.why().startsWith("authorization_pending") || refused.why().startsWith("slow_down"))) {
            return new TokenAnswer.Pending(interval);
        }
        return answer;
    }

    private TokenAnswer post(OAuthProvider provider, OkHttpClient client, Map<String, String> parameters) {
        RequestBody body;
        if (provider.tokenBody() == OAuthProvider.TokenBody.JSON) {
            ObjectNode tree = json.createObjectNode();
            parameters.forEach(tree::put);
            body = RequestBody.create(tree.toString(), JSON_TYPE);
        } else {
            var form = new FormBody.Builder();
            parameters.forEach(form::add);
            body = form.build();
        }
        Request request;
        try {
            request = new Request.Builder().url(provider.tokenUrl()).header("accept", "application/json").post(body).build();
        } catch (IllegalArgumentException badUrl) {
            return new TokenAnswer.Unavailable("the token URL of " + provider.platform().wireName() + " is not usable");
        }
        try (Response response = timed(client).newCall(request).execute()) {
            JsonNode answer = read(response);
            int status = response.code();
            if (status == 400 || status == 401 || status == 403) {
                return new TokenAnswer.Refused(status, errorCode(answer) + describeError(answer));
            }
            if (!response.isSuccessful()) {
                String hint = status == 404 || status == 405 ? " (has the provider moved its token endpoint? see "
                        + "RELAY_OAUTH_" + provider.platform().name() + "_TOKEN_URL)" : "";
                return new TokenAnswer.Unavailable("the token endpoint answered " + status + describeError(answer) + hint);
            }
            return grantOf(provider, answer);
        } catch (IOException e) {
            return new TokenAnswer.Unavailable("the token endpoint did not answer: " + e.getClass().getSimpleName());
        }
    }

    private TokenAnswer grantOf(OAuthProvider provider, JsonNode answer) {
        String access = answer.path("access_token").asText("");
        if (access.isBlank()) {
            return new TokenAnswer.Unavailable("the token endpoint answered without an access_token");
        }
        Optional<Secret> refresh = text(answer, "refresh_token").map(Secret::of);
        Instant now = clock.instant();
        Optional<Instant> expiresAt = answer.path("expires_in").canConvertToLong() && answer.path("expires_in").asLong() > 0
                ? Optional.of(now.plusSeconds(answer.path("expires_in").asLong()))
                : JwtClaims.expiry(access, json);
        Optional<String> accountId = switch (provider.platform()) {
            case OPENAI -> text(answer, "id_token").flatMap(id -> JwtClaims.chatGptAccountId(id, json))
                    .or(() -> JwtClaims.chatGptAccountId(access, json));
            case DROID -> text(answer, "organization_id");
            case CLAUDE -> text(answer.path("account"), "uuid");
            default -> Optional.empty();
        };
        return new TokenAnswer.Granted(new TokenGrant(Secret.of(access), refresh, expiresAt, accountId));
    }

    private OkHttpClient timed(OkHttpClient client) {
        return client.newBuilder().callTimeout(CALL_TIMEOUT).build();
    }

    private JsonNode read(Response response) {
        try {
            byte[] bytes = response.peekBody(MAX_ANSWER_BYTES).bytes();
            JsonNode tree = bytes.length == 0 ? null : json.readTree(bytes);
            return tree == null ? json.createObjectNode() : tree;
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The OAuth error code ({@code invalid_grant}), or Anthropic's error type. */
    private static String errorCode(JsonNode answer) {
        JsonNode error = answer.path("error");
        if (error.isTextual()) {
            return error.asText();
        }
        return error.path("type").asText(error.path("code").asText("error"));
    }

    /** The provider's own words about an error, shortened: {@code : Refresh token already used}. */
    private static String describeError(JsonNode answer) {
        JsonNode error = answer.path("error");
        String text = answer.path("error_description").asText("");
        if (text.isEmpty() && error.isObject()) {
            text = error.path("message").asText("");
        }
        if (text.isEmpty() && answer.path("message").isTextual()) {
            text = answer.path("message").asText();
        }
        text = text.strip();
        if (text.length() > 300) {
            text = text.substring(0, 300) + "…";
        }
        return text.isEmpty() ? "" : ": " + text;
    }
}
