package dev.llmrelay.host.observe;

import dev.llmrelay.host.admin.AdminGate;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the relay's meters in the Prometheus text format, behind the admin token (401 in the
 * admin API's error shape without it, whatever the method).
 */
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final transient AdminGate gate;
    private final transient PrometheusMeterRegistry registry;
    private final transient AccountStates accountStates;

    public MetricsServlet(AdminGate gate, PrometheusMeterRegistry registry, AccountStates accountStates) {
        this.gate = gate;
        this.registry = registry;
        this.accountStates = accountStates;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!gate.admits(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer");
            writeJson(response, 401, "authentication_error",
                    "a valid admin token is required: Authorization: Bearer <admin token>");
            return;
        }
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            response.setHeader("Allow", "GET");
            writeJson(response, 405, "invalid_request_error", "/metrics answers GET only");
            return;
        }
        accountStates.refresh();
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType(CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        if (request.getMethod().equals("GET")) {
            response.getOutputStream().write(body);
        }
    }

    private static void writeJson(HttpServletResponse response, int status, String type, String message)
            throws IOException {
        byte[] body = ("{\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
