package dev.llmrelay.host.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console under {@code /console/}: static files from the jar ({@value #RESOURCES}), nothing else. The files
 * hold no secret, so loading them needs no token; the console's own calls to the admin API carry the token. Each
 * answer forbids inline scripts and framing and revalidates by ETag, so an upgraded relay never serves a page
 * whose modules come from two versions.
 */
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The classpath folder holding the console's files. */
    public static final String RESOURCES = "dev/llmrelay/host/console/";

    /** Only the console's own files, flat: no dots but the extension's, so no path can climb out of the folder. */
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|css|js|svg|png)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final transient ClassLoader loader;
    private final transient Map<String, Asset> loaded = new ConcurrentHashMap<>();

    public ConsoleServlet() {
        this(ConsoleServlet.class.getClassLoader());
    }

    ConsoleServlet(ClassLoader loader) {
        this.loader = loader;
    }

    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            // /console: the page's relative links need the trailing slash
            response.setStatus(301);
            response.setHeader("Location", request.getContextPath() + request.getServletPath() + "/");
            return;
        }
        String name = pathInfo.equals("/") ? "index.html" : pathInfo.substring(1);
        Optional<Asset> asset = find(name);
        if (asset.isEmpty()) {
            byte[] body = "{\"error\":{\"type\":\"not_found_error\",\"message\":\"no such console file\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(404);
            response.setContentType("application/json");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        Asset file = asset.get();
        response.setHeader("ETag", file.etag());
        response.setHeader("Cache-Control", "no-cache");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(file.etag())) {
            response.setStatus(304);
            return;
        }
        response.setStatus(200);
        response.setContentType(file.contentType());
        response.setContentLength(file.bytes().length);
        response.getOutputStream().write(file.bytes());
    }

    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    /** The file by its name; loaded once, and only files that exist are kept, so no request can grow the map. */
    private Optional<Asset> find(String name) {
        if (!FILE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Asset cached = loaded.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            var asset = new Asset(bytes, TYPES.get(extension), etag(bytes));
            loaded.put(name, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console file " + name, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
