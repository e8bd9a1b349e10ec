package dev.llmrelay.host.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.StoreUnavailableException;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.core.oauth.OAuthOnboarding;
import dev.llmrelay.core.store.RelayStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@code /admin/*}. Every request the container routes here meets the token check
 * first, whatever its path: nothing below is reachable without the admin token.
 */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(AdminServlet.class);
    private static final int MAX_ADMIN_BODY_BYTES = 1024 * 1024;
    private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;
    /** An import carries a whole store's usage history; larger ones go through {@code java -jar relay.jar import}. */
    private static final int MAX_IMPORT_BODY_BYTES = 64 * 1024 * 1024;

    private final transient AdminGate gate;
    private final transient ObjectMapper json;
    private final transient AccountsAdmin accounts;
    private final transient KeysAdmin keys;
    private final transient UsageAdmin usage;
    private final transient TransferAdmin transfer;
    private final transient OAuthAdmin oauth;

    public AdminServlet(Secret adminToken, RelayStore store, OAuthOnboarding onboarding, ObjectMapper json, Clock clock) {
        this.gate = new AdminGate(adminToken);
        this.json = json;
        var ids = new Ids(new SecureRandom());
        AccountPool pool = store.accounts();
        KeyPolicy keyPolicy = store.keys();
        UsageMeter meter = store.usage();
        this.accounts = new AccountsAdmin(pool, ids, clock);
        this.keys = new KeysAdmin(keyPolicy, pool, ids, clock);
        this.usage = new UsageAdmin(meter, clock);
        this.transfer = new TransferAdmin(store, clock);
        this.oauth = new OAuthAdmin(onboarding, accounts);
    }

    record ErrorDetail(String type, String message) {
    }

    record ErrorBody(ErrorDetail error) {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!gate.admits(request.getHeader("Authorization"))) {
            writeError(response, new AdminException(401, "authentication_error",
                    "a valid admin token is required: Authorization: Bearer <admin token>"));
            discardRest(request);
            return;
        }
        try {
            route(request, response);
        } catch (AdminException e) {
            writeError(response, e);
            if (e.status() == 413) {
                discardRest(request);
            }
        } catch (StoreUnavailableException e) {
            log.warn("admin request {} {} refused: {}", request.getMethod(), request.getPathInfo(), e.getMessage());
            response.setHeader("Retry-After", "2");
            writeError(response, new AdminException(503, "unavailable", "the relay cannot reach its store; retry shortly"));
        } catch (RuntimeException e) {
            log.error("admin request {} {} failed", request.getMethod(), request.getPathInfo(), e);
            writeError(response, new AdminException(500, "api_error", "the relay failed on this admin request"));
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request.getPathInfo());
        String method = request.getMethod();
        if (path.size() < 2 || !path.get(0).equals("v1")) {
            throw noRoute(request);
        }
        String resource = path.get(1);
        switch (resource) {
            case "accounts" -> {
                if (path.size() == 2) {
                    switch (method) {
                        case "GET" -> write(response, 200, accounts.list());
                        case "POST" -> write(response, 201, accounts.create(body(request)));
                        default -> throw AdminException.methodNotAllowed(method, "GET, POST");
                    }
                } else if (path.size() == 3) {
                    String id = path.get(2);
                    switch (method) {
                        case "GET" -> write(response, 200, accounts.read(id));
                        case "PATCH" -> write(response, 200, accounts.change(id, body(request)));
                        case "DELETE" -> {
                            accounts.delete(id);
                            response.setStatus(204);
                        }
                        default -> throw AdminException.methodNotAllowed(method, "GET, PATCH, DELETE");
                    }
                } else {
                    throw noRoute(request);
                }
            }
            case "keys" -> {
                if (path.size() == 2) {
                    switch (method) {
                        case "GET" -> write(response, 200, keys.list());
                        case "POST" -> write(response, 201, keys.create(body(request)));
                        default -> throw AdminException.methodNotAllowed(method, "GET, POST");
                    }
                } else if (path.size() == 3) {
                    String id = path.get(2);
                    switch (method) {
                        case "GET" -> write(response, 200, keys.read(id));
                        case "PATCH" -> write(response, 200, keys.change(id, body(request)));
                        case "DELETE" -> {
                            keys.delete(id);
                            response.setStatus(204);
                        }
                        default -> throw AdminException.methodNotAllowed(method, "GET, PATCH, DELETE");
                    }
                } else {
                    throw noRoute(request);
                }
            }
            case "oauth" -> {
                if (path.size() != 4 || !(path.get(3).equals("start") || path.get(3).equals("finish"))) {
                    throw noRoute(request);
                }
                if (!method.equals("POST")) {
                    throw AdminException.methodNotAllowed(method, "POST");
                }
                if (path.get(3).equals("start")) {
                    write(response, 200, oauth.start(path.get(2), optionalBody(request)));
                } else {
                    write(response, 201, oauth.finish(path.get(2), body(request)));
                }
            }
            case "usage" -> {
                if (path.size() != 2) {
                    throw noRoute(request);
                }
                if (!method.equals("GET")) {
                    throw AdminException.methodNotAllowed(method, "GET");
                }
                write(response, 200, usage.totals(request::getParameter));
            }
            case "export" -> {
                if (path.size() != 2) {
                    throw noRoute(request);
                }
                if (!method.equals("GET")) {
                    throw AdminException.methodNotAllowed(method, "GET");
                }
                response.setStatus(200);
                response.setContentType("application/json");
                response.setHeader("Content-Disposition", "attachment; filename=\"relay-export.json\"");
                transfer.export(response.getOutputStream());
            }
            case "import" -> {
                if (path.size() != 2) {
                    throw noRoute(request);
                }
                if (!method.equals("POST")) {
                    throw AdminException.methodNotAllowed(method, "POST");
                }
                if (request.getContentLengthLong() > MAX_IMPORT_BODY_BYTES) {
                    throw new AdminException(413, "request_too_large", "an import is at most 64 MiB through the API; "
                            + "use java -jar relay.jar import FILE for a larger one");
                }
                byte[] body;
                try (InputStream in = request.getInputStream()) {
                    body = in.readNBytes(MAX_IMPORT_BODY_BYTES + 1);
                }
                if (body.length > MAX_IMPORT_BODY_BYTES) {
                    throw new AdminException(413, "request_too_large", "an import is at most 64 MiB through the API; "
                            + "use java -jar relay.jar import FILE for a larger one");
                }
                write(response, 200, transfer.importFrom(new ByteArrayInputStream(body)));
            }
            default -> throw noRoute(request);
        }
    }

    /** The path's segments; one trailing slash is allowed, an empty segment inside is not a route. */
    private static List<String> segments(String pathInfo) {
        if (pathInfo == null || pathInfo.length() <= 1) {
            return List.of();
        }
        String trimmed = pathInfo.endsWith("/") ? pathInfo.substring(1, pathInfo.length() - 1) : pathInfo.substring(1);
        List<String> parts = List.of(trimmed.split("/", -1));
        if (parts.stream().anyMatch(String::isEmpty)) {
            return List.of();
        }
        return parts;
    }

    private static AdminException noRoute(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return AdminException.notFound("no admin route " + request.getMethod() + " " + path);
    }

    /** The body, or null when the request has none (an OAuth start needs no fields). */
    private JsonNode optionalBody(HttpServletRequest request) throws IOException {
        return body(request, false);
    }

    private JsonNode body(HttpServletRequest request) throws IOException {
        return body(request, true);
    }

    private JsonNode body(HttpServletRequest request, boolean required) throws IOException {
        if (request.getContentLengthLong() > MAX_ADMIN_BODY_BYTES) {
            throw new AdminException(413, "request_too_large", "an admin body is at most 1 MiB");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_ADMIN_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_ADMIN_BODY_BYTES) {
            throw new AdminException(413, "request_too_large", "an admin body is at most 1 MiB");
        }
        if (bytes.length == 0) {
            if (!required) {
                return null;
            }
            throw AdminException.invalid("the body must be a JSON object");
        }
        try {
            return json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw AdminException.invalid("the body is not valid JSON");
        }
    }

    /**
     * Reads and drops what is left of a refused body (at most {@link #MAX_DISCARDED_BYTES}): closing the connection
     * on unread bytes resets it, and a client still sending would see that reset instead of the 401 or 413.
     */
    private static void discardRest(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            byte[] chunk = new byte[16384];
            long total = 0;
            int read;
            while (total < MAX_DISCARDED_BYTES && (read = in.read(chunk)) != -1) {
                total += read;
            }
        } catch (IOException clientGone) {
            log.debug("the client left while its refused body was being discarded");
        }
    }

    private void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void writeError(HttpServletResponse response, AdminException error) throws IOException {
        if (error.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        error.allowedMethods().ifPresent(allowed -> response.setHeader("Allow", allowed));
        write(response, error.status(), new ErrorBody(new ErrorDetail(error.type(), error.getMessage())));
    }
}
