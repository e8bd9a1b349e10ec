package dev.llmrelay.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven through chromedriver with the W3C WebDriver protocol over plain HTTP: just the
 * commands the console's tests use. {@link #start} throws {@link Unavailable} when either program is missing or
 * the browser does not start.
 */
final class HeadlessChromium implements AutoCloseable {
    /** The W3C name of an element reference in WebDriver answers. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** chromium or chromedriver is missing, or the browser would not start. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Process driver;
    private final URI session;
    private final Path profile;
    private final Path screenshots;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private HeadlessChromium(Process driver, URI session, Path profile, Path screenshots) {
        this.driver = driver;
        this.session = session;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Starts chromedriver on a free port and opens one headless browser window; screenshots go to {@code screenshots}. */
    static HeadlessChromium start(Path screenshots) throws Unavailable {
        Path driverProgram = program("CHROMEDRIVER", "chromedriver")
                .orElseThrow(() -> new Unavailable("chromedriver is not installed (Debian: apt-get install chromium-driver)", null));
        // Debian's /usr/bin/chromium is a shell wrapper; the browser itself lives beside its libraries.
        Path browser = Optional.of(Path.of("/usr/lib/chromium/chromium")).filter(Files::isExecutable)
                .or(() -> program("CHROME_BIN", "chromium"))
                .orElseThrow(() -> new Unavailable("chromium is not installed (Debian: apt-get install chromium)", null));
        Process driver = null;
        Path profile = null;
        try {
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            driver = new ProcessBuilder(driverProgram.toString(), "--port=" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            profile = Files.createTempDirectory("console-test-chromium");
            var probe = new HeadlessChromium(driver, base, profile, screenshots);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!probe.driverReady(base)) {
                if (System.nanoTime() > deadline || !driver.isAlive()) {
                    throw new Unavailable("chromedriver did not start on port " + port, null);
                }
                Thread.sleep(50);
            }
            ObjectNode options = probe.json.createObjectNode();
            options.put("binary", browser.toString());
            ArrayNode args = options.putArray("args");
            for (String arg : List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,900", "--force-device-scale-factor=1", "--no-first-run",
                    "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                    "--password-store=basic", "--lang=en-US", "--user-data-dir=" + profile)) {
                args.add(arg);
            }
            ObjectNode capabilities = probe.json.createObjectNode();
            ObjectNode always = capabilities.putObject("capabilities").putObject("alwaysMatch");
            always.put("browserName", "chrome");
            always.set("goog:chromeOptions", options);
            JsonNode created = probe.call("POST", base.resolve("session"), capabilities);
            Files.createDirectories(screenshots);
            return new HeadlessChromium(driver, base.resolve("session/" + created.get("sessionId").asText() + "/"),
                    profile, screenshots);
        } catch (Unavailable e) {
            stop(driver, profile);
            throw e;
        } catch (IOException | RuntimeException e) {
            stop(driver, profile);
            throw new Unavailable("the headless browser did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stop(driver, profile);
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while starting the browser", e);
        }
    }

    private static Optional<Path> program(String variable, String name) {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            return Optional.of(Path.of(given)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private boolean driverReady(URI base) {
        try {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(base.resolve("status"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return status.statusCode() == 200 && json.readTree(status.body()).path("value").path("ready").asBoolean();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- navigation, window, script

    void open(URI url) {
        call("POST", "url", json.createObjectNode().put("url", url.toString()));
    }

    String currentUrl() {
        return call("GET", "url", null).asText();
    }

    /** Resizes the window's viewport-ish outer size (a phone's width: 390 × 844). */
    void windowSize(int width, int height) {
        call("POST", "window/rect", json.createObjectNode().put("width", width).put("height", height));
    }

    /**
     * Makes the page tell time in {@code zone} (an IANA name such as {@code Asia/Kolkata}), as a browser in that zone
     * would, whatever the machine's own zone; it holds across navigations until it is set again.
     */
    void timeZone(String zone) {
        ObjectNode command = json.createObjectNode().put("cmd", "Emulation.setTimezoneOverride");
        command.putObject("params").put("timezoneId", zone);
        call("POST", "goog/cdp/execute", command);
    }

    /** Presses and releases each key of {@code keys} on whatever has the focus, as a person typing would. */
    void press(String keys) {
        ObjectNode body = json.createObjectNode();
        ObjectNode keyboard = body.putArray("actions").addObject().put("type", "key").put("id", "keyboard");
        ArrayNode strokes = keyboard.putArray("actions");
        keys.codePoints().mapToObj(Character::toString).forEach(key -> {
            strokes.addObject().put("type", "keyDown").put("value", key);
            strokes.addObject().put("type", "keyUp").put("value", key);
        });
        call("POST", "actions", body);
    }

    /** Runs {@code script} as a function body in the page; answers what it returns, as JSON. */
    JsonNode script(String script, Object... arguments) {
        ObjectNode body = json.createObjectNode().put("script", script);
        ArrayNode args = body.putArray("args");
        for (Object argument : arguments) {
            args.add(json.valueToTree(argument));
        }
        return call("POST", "execute/sync", body);
    }

    /** Saves a PNG of the viewport as {@code name}.png; answers its path. */
    Path screenshot(String name) {
        byte[] png = Base64.getDecoder().decode(call("GET", "screenshot", null).asText());
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    // ---- elements

    /** The first element {@code css} selects, waiting for it to exist. */
    Element find(String css) {
        return Poll.until(WAIT, () -> {
            List<Element> found = findAll(css);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    List<Element> findAll(String css) {
        JsonNode found = call("POST", "elements", locator(css));
        List<Element> elements = new ArrayList<>();
        found.forEach(node -> elements.add(new Element(node.get(ELEMENT).asText())));
        return elements;
    }

    /** Waits until the first element {@code css} selects is displayed and its text passes {@code test}; answers it. */
    Element waitFor(String css, Predicate<String> test) {
        try {
            return Poll.until(WAIT, () -> {
                List<Element> found = findAll(css);
                return found.stream().filter(e -> {
                    try {
                        return e.displayed() && test.test(e.text());
                    } catch (IllegalStateException stale) {
                        return false;
                    }
                }).findFirst().orElse(null);
            });
        } catch (AssertionError e) {
            List<String> texts = new ArrayList<>();
            for (Element element : findAll(css)) {
                try {
                    texts.add(element.text());
                } catch (IllegalStateException stale) {
                    texts.add("(stale)");
                }
            }
            throw new AssertionError("no displayed " + css + " as expected within " + WAIT + "; texts now: " + texts, e);
        }
    }

    Element waitForText(String css, String contained) {
        return waitFor(css, text -> text.contains(contained));
    }

    /** Waits until nothing matches {@code css}. */
    void waitUntilGone(String css) {
        Poll.until(WAIT, () -> findAll(css).isEmpty() ? true : null);
    }

    private ObjectNode locator(String css) {
        return json.createObjectNode().put("using", "css selector").put("value", css);
    }

    /** One element of the page, by its WebDriver reference. */
    final class Element {
        private final String id;

        private Element(String id) {
            this.id = id;
        }

        void click() {
            call("POST", "element/" + id + "/click", json.createObjectNode());
        }

        /** Types {@code text} into the element ({@code \uE007} is Enter). */
        void type(String text) {
            call("POST", "element/" + id + "/value", json.createObjectNode().put("text", text));
        }

        void clear() {
            call("POST", "element/" + id + "/clear", json.createObjectNode());
        }

        /** The rendered text, as a user reads it. */
        String text() {
            return call("GET", "element/" + id + "/text", null).asText();
        }

        String property(String name) {
            JsonNode value = call("GET", "element/" + id + "/property/" + name, null);
            return value.isNull() ? null : value.asText();
        }

        String attribute(String name) {
            JsonNode value = call("GET", "element/" + id + "/attribute/" + name, null);
            return value.isNull() ? null : value.asText();
        }

        boolean displayed() {
            return call("GET", "element/" + id + "/displayed", null).asBoolean();
        }

        /**
         * Sets a field's value as a date picker would ({@code 2026-11-23} for a date input), then tells the page
         * it changed; typing into a date input depends on the browser's locale.
         */
        void fill(String value) {
            script("const f = arguments[0]; f.value = arguments[1]; f.dispatchEvent(new Event('input', {bubbles: true}));"
                    + " f.dispatchEvent(new Event('change', {bubbles: true}));", json.createObjectNode().put(ELEMENT, id), value);
        }

        /** Picks the option of a select whose value is {@code value}. */
        void select(String value) {
            script("const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true}));",
                    json.createObjectNode().put(ELEMENT, id), value);
        }

        List<Element> findAll(String css) {
            JsonNode found = call("POST", "element/" + id + "/elements", locator(css));
            List<Element> elements = new ArrayList<>();
            found.forEach(node -> elements.add(new Element(node.get(ELEMENT).asText())));
            return elements;
        }
    }

    // ---- the protocol

    private JsonNode call(String method, String path, JsonNode body) {
        return call(method, session.resolve(path), body);
    }

    /** One WebDriver command; answers its {@code value}, or throws with the driver's error. */
    private JsonNode call(String method, URI uri, JsonNode body) {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = json.readTree(response.body());
            JsonNode value = answer.path("value");
            if (response.statusCode() != 200) {
                String error = value.path("error").asText();
                String message = value.path("message").asText();
                if (error.equals("stale element reference") || error.equals("no such element")) {
                    throw new IllegalStateException(error + ": " + message);
                }
                throw new AssertionError("WebDriver " + method + " " + uri.getPath() + " failed: " + error + ": "
                        + message.lines().findFirst().orElse(""));
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            // The session's own address, without the slash the commands are resolved against: chromedriver
            // answers a DELETE of "session/{id}/" with 404 and leaves the browser running.
            String address = session.toString();
            call("DELETE", URI.create(address.substring(0, address.length() - 1)), null);
        } catch (RuntimeException | AssertionError e) {
            // the browser is going away anyway
        } finally {
            http.close();
            stop(driver, profile);
        }
    }

    private static void stop(Process driver, Path profile) {
        if (driver != null) {
            // Whatever browser processes the driver still has are ours to end too, before the driver itself.
            driver.descendants().forEach(ProcessHandle::destroy);
            driver.destroy();
            try {
                if (!driver.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp dir left behind
            }
        }
    }
}
