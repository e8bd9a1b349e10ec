package dev.llmrelay.host.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz}: 200 when the relay can serve and its store answers, 503 otherwise. No key needed. */
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient BooleanSupplier ready;

    public HealthServlet(BooleanSupplier ready) {
        this.ready = ready;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean ok;
        try {
            ok = ready.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
        }
        byte[] body = (ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(ok ? 200 : 503);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
