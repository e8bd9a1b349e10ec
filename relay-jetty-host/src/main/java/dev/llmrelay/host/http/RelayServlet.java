package dev.llmrelay.host.http;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Optional;

/** Hands every client route to the engine: reads the request (within the body limit) and nothing more. */
public final class RelayServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** How much of a refused body is read and dropped so that its client sees the 413 rather than a reset. */
    private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

    private final transient Relay relay;
    private final long maxBodyBytes;

    public RelayServlet(Relay relay, long maxBodyBytes) {
        this.relay = relay;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = pathOf(request);
        var channel = new ServletResponseChannel(response);
        byte[] body;
        switch (BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxBodyBytes)) {
            case BoundedBody.Read.Whole whole -> body = whole.bytes();
            case BoundedBody.Read.TooLarge tooLarge -> {
                response.setHeader("Connection", "close");
                relay.reject(request.getMethod(), path, RelayError.of(ErrorKind.REQUEST_TOO_LARGE,
                        "the request body is over the relay's limit of " + maxBodyBytes + " bytes"), channel);
                BoundedBody.discardRest(request.getInputStream(), MAX_DISCARDED_BYTES);
                return;
            }
            case BoundedBody.Read.TooSlow tooSlow -> {
                // no waiting for the rest: that is what this client would make us do
                response.setHeader("Connection", "close");
                relay.reject(request.getMethod(), path, RelayError.of(ErrorKind.REQUEST_TIMEOUT,
                        "the request body came slower than " + BoundedBody.MIN_BYTES_PER_SECOND
                                + " bytes a second"), channel);
                return;
            }
        }
        var clientRequest = new ClientRequest(request.getMethod(), path, Optional.ofNullable(request.getQueryString()),
                headersOf(request), body);
        relay.handle(clientRequest, channel);
    }

    /** The decoded path below the context, as the servlet container normalised it. */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    private static Headers headersOf(HttpServletRequest request) {
        var headers = Headers.builder();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(name, value);
            }
        }
        return headers.build();
    }
}
