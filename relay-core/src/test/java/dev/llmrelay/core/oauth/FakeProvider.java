package dev.llmrelay.core.oauth;

import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A provider on one MockWebServer: its token endpoint at {@link #TOKEN_PATH}, answering as a test scripts it, and
 * its API everywhere else, answering 200 to every access token but those it has been told to refuse (401).
 * Every request is recorded.
 */
final class FakeProvider implements AutoCloseable {
    static final String TOKEN_PATH = "/oauth/token";

    final MockWebServer server = new MockWebServer();
    final Queue<RecordedRequest> tokenCalls = new ConcurrentLinkedQueue<>();
    final Queue<RecordedRequest> apiCalls = new ConcurrentLinkedQueue<>();
    final Set<String> refusedAccessTokens = ConcurrentHashMap.newKeySet();
    private volatile Function<RecordedRequest, MockResponse> tokenAnswer = request -> tokens("access-new", "refresh-new", 3600);
    private volatile long tokenDelayMillis;

    FakeProvider() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getTarget().startsWith(TOKEN_PATH)) {
                    tokenCalls.add(request);
                    MockResponse answer = tokenAnswer.apply(request);
                    return tokenDelayMillis == 0 ? answer
                            : answer.newBuilder().headersDelay(tokenDelayMillis, TimeUnit.MILLISECONDS).build();
                }
                apiCalls.add(request);
                String authorization = String.valueOf(request.getHeaders().get("authorization"));
                if (refusedAccessTokens.stream().anyMatch(token -> authorization.equals("Bearer " + token))) {
                    return json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                            + "\"message\":\"OAuth token has expired.\"}}");
                }
                return json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\","
                        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}");
            }
        });
        server.start();
    }

    /** The token endpoint answers with what {@code answer} makes of each request. */
    void tokenEndpointAnswers(Function<RecordedRequest, MockResponse> answer) {
        this.tokenAnswer = answer;
    }

    /** The token endpoint takes this long to answer, so that concurrent requests overlap its refresh. */
    void tokenEndpointTakes(long millis) {
        this.tokenDelayMillis = millis;
    }

    String baseUrl() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    String tokenUrl() {
        return server.url(TOKEN_PATH).toString();
    }

    List<String> apiAuthorizations() {
        return apiCalls.stream().map(request -> String.valueOf(request.getHeaders().get("authorization"))).toList();
    }

    static MockResponse tokens(String access, String refresh, long expiresIn) {
        return json(200, "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + refresh
                + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}");
    }

    static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
