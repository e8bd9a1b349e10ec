package dev.llmrelay.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client of the relay's client routes: a body, a path and any headers, nothing hidden. */
final class RelayClient implements AutoCloseable {
    static final String CLAUDE_MESSAGE = """
            {"model": "%s", "max_tokens": 100, "stream": %s, "messages": [{"role": "user", "content": "hi"}]}""";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RelayClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        var builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(builder, headers);
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET(), headers);
    }

    /** A non-streaming Claude message for {@code model}, with the relay key in {@code x-api-key}. */
    HttpResponse<String> claude(String key, String model, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "x-api-key";
        all[1] = key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return post("/claude/v1/messages", CLAUDE_MESSAGE.formatted(model, false), all);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    HttpClient http() {
        return http;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
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

    @Override
    public void close() {
        http.close();
    }
}
