package dev.llmrelay.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /console}: the console's static files, served from the jar with strict headers and no token. */
class ConsoleResourcesTest {
    private static final List<String> FILES = List.of("index.html", "console.css", "app.js", "api.js", "dom.js",
            "accounts.js", "keys.js", "usage.js", "chart.js", "listing.js", "favicon.svg");

    @TempDir
    Path dataDir;

    private RelayHarness relay;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        relay = RelayHarness.start(dataDir);
    }

    @AfterEach
    void stop() {
        http.close();
        relay.close();
    }

    private HttpResponse<String> get(String path, String... headers) {
        var request = HttpRequest.newBuilder(relay.uri().resolve(path)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePageLoadsWithoutATokenUnderAStrictPolicy() {
        HttpResponse<String> page = get("/console/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type.replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                        "frame-ancestors 'none'", "form-action 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("ETag")).isPresent();
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
    }

    @Test
    void thePageHasNoInlineScriptOrStyleAndItsScriptsWriteNoMarkup() throws IOException {
        String page = resource("index.html");
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page);
        while (scripts.find()) {
            assertThat(scripts.group(1)).contains("src=");
        }
        assertThat(page).doesNotContain("style=", "onclick=", "onload=");
        for (String file : FILES.stream().filter(f -> f.endsWith(".js")).toList()) {
            assertThat(resource(file)).as(file).doesNotContain("innerHTML", "outerHTML =", "insertAdjacentHTML",
                    "eval(", "localStorage", "document.write");
        }
    }

    @Test
    void everyFileIsServedWithItsType() {
        for (String file : FILES) {
            HttpResponse<String> answer = get("/console/" + file);
            assertThat(answer.statusCode()).as(file).isEqualTo(200);
            String type = answer.headers().firstValue("Content-Type").orElseThrow();
            assertThat(type).as(file).startsWith(switch (file.substring(file.lastIndexOf('.') + 1)) {
                case "html" -> "text/html";
                case "css" -> "text/css";
                case "js" -> "text/javascript";
                default -> "image/svg+xml";
            });
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(file).hasValue("nosniff");
        }
    }

    @Test
    void anUnchangedFileIsNotSentAgain() {
        String etag = get("/console/app.js").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = get("/console/app.js", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/console/app.js", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void theBareAddressMovesToTheFolder() {
        HttpResponse<String> bare = get("/console");

        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/nothing.js", "/console/App.js", "/console/.env", "/console/app.js.map",
            "/console/logback.xml", "/console/sub/app.js", "/console/..%2f..%2flogback.xml", "/console/%2e%2e/logback.xml"})
    void nothingButTheConsolesOwnFilesIsServed(String path) {
        HttpResponse<String> answer = get(path);

        assertThat(answer.statusCode()).as(path).isIn(400, 404);
        assertThat(answer.body()).doesNotContain("<configuration");
    }

    @Test
    void aClimbOutOfTheConsoleMeetsTheAdminTokenCheck() {
        HttpResponse<String> answer = get("/console/../admin/v1/accounts");

        assertThat(answer.statusCode()).isIn(400, 401);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConsoleResourcesTest.class.getClassLoader()
                .getResourceAsStream("dev/llmrelay/host/console/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
