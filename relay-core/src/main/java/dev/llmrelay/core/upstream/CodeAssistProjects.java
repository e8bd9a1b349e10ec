package dev.llmrelay.core.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.credential.UpstreamAuth;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.route.Operation;
import dev.llmrelay.core.route.PathParameters;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Google Cloud project of each Code Assist account, which a request onto Code Assist must name: the one stored
 * with the account's tokens (found at sign-in, or given by the operator); else asked of Code Assist once per
 * account with {@code loadCodeAssist}, as Gemini CLI asks at sign-in, and remembered for the life of the relay.
 */
public final class CodeAssistProjects {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final String LOAD_CODE_ASSIST = """
            {"metadata":{"ideType":"IDE_UNSPECIFIED","platform":"PLATFORM_UNSPECIFIED","pluginType":"GEMINI"}}""";

    private final ObjectMapper json;
    private final Map<String, String> byAccountId = new ConcurrentHashMap<>();

    public CodeAssistProjects(ObjectMapper json) {
        this.json = json;
    }

    /** What asking for an account's project came to. */
    public sealed interface Lookup {
        /** The account's project. */
        record Found(String project) implements Lookup {
        }

        /** Code Assist answered, without a project; {@code why} says what the account's owner can do. */
        record NoProject(String why) implements Lookup {
        }

        /** Code Assist did not answer with a success: its status (0 when it did not answer at all) and why. */
        record Failed(int status, String detail) implements Lookup {
        }
    }

    /** The project of {@code account}: stored, remembered, or asked of Code Assist through {@code client}. */
    public Lookup projectOf(Account account, OkHttpClient client, Headers clientHeaders) {
        if (account.credential() instanceof Credential.OAuthTokens tokens && tokens.project().isPresent()) {
            return new Lookup.Found(tokens.project().get());
        }
        String known = byAccountId.get(account.id());
        if (known != null) {
            return new Lookup.Found(known);
        }
        Headers.Builder headers = Headers.builder();
        UpstreamAuth.forPlatform(account.platform()).apply(account, Protocol.GEMINI_CODE_ASSIST, "", clientHeaders, headers);
        headers.set("accept", "application/json");
        var request = new Request.Builder().url(UpstreamEndpoints.url(account, Protocol.GEMINI_CODE_ASSIST,
                Operation.CODE_ASSIST, "", new PathParameters(Optional.empty(), Optional.empty(), Optional.of("loadCodeAssist")),
                false));
        headers.build().forEach(request::addHeader);
        try (Response response = client.newCall(request.post(RequestBody.create(LOAD_CODE_ASSIST, JSON_TYPE)).build()).execute()) {
            if (!response.isSuccessful()) {
                return new Lookup.Failed(response.code(), "Code Assist's loadCodeAssist answered " + response.code());
            }
            JsonNode answer = json.readTree(response.body().byteStream());
            JsonNode project = answer.path("cloudaicompanionProject");
            String id = project.isTextual() ? project.asText() : project.path("id").asText("");
            if (!id.isEmpty()) {
                byAccountId.put(account.id(), id);
                return new Lookup.Found(id);
            }
            if (!answer.path("currentTier").isObject()) {
                return new Lookup.NoProject("the Google account of the Code Assist account is not set up for Code Assist yet;"
                        + " sign in once with Gemini CLI (Login with Google) to set it up, then try again");
            }
            return new Lookup.NoProject("Code Assist names no Google Cloud project for the Code Assist account (its tier"
                    + " needs one of your own); set the project up with Gemini CLI (GOOGLE_CLOUD_PROJECT) and try again");
        } catch (IOException e) {
            return new Lookup.Failed(0, "Code Assist's loadCodeAssist did not answer: " + e.getClass().getSimpleName());
        }
    }
}
