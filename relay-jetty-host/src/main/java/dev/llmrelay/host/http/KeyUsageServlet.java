package dev.llmrelay.host.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.key.PresentedKey;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /key/v1/usage}: a relay key's own usage, limits and what remains, for the key's holder. The key is
 * looked up, never admitted, so asking takes no request, token or concurrency slot. Errors are rendered as the
 * engine renders them for a path outside every provider prefix.
 */
public final class KeyUsageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The path this servlet answers. */
    public static final String PATH = "/key/v1/usage";

    private final transient Relay relay;
    private final transient KeyPolicy keys;
    private final transient UsageMeter meter;
    private final transient ObjectMapper json;
    private final transient Clock clock;

    public KeyUsageServlet(Relay relay, KeyPolicy keys, UsageMeter meter, ObjectMapper json, Clock clock) {
        this.relay = relay;
        this.keys = keys;
        this.meter = meter;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("GET")) {
            refuse(request, response, RelayError.of(ErrorKind.NOT_FOUND, PATH + " answers GET only"));
            return;
        }
        Optional<Secret> presented = PresentedKey.in(new ClientRequest(request.getMethod(), PATH,
                Optional.ofNullable(request.getQueryString()), credentialHeaders(request), new byte[0]));
        if (presented.isEmpty()) {
            refuse(request, response, PresentedKey.missing());
            return;
        }
        Optional<RelayKey> found = keys.identify(presented.get());
        Instant now = clock.instant();
        if (found.isEmpty()) {
            refuse(request, response, PresentedKey.unknown());
            return;
        }
        RelayKey key = found.get();
        if (!key.enabled()) {
            refuse(request, response, RelayError.of(ErrorKind.AUTHENTICATION, "relay key is disabled"));
            return;
        }
        if (key.isExpiredAt(now)) {
            refuse(request, response, RelayError.of(ErrorKind.AUTHENTICATION, "relay key expired"));
            return;
        }
        KeyStanding standing = keys.standing(key.id()).orElse(KeyStanding.NONE);
        byte[] body = json.writeValueAsBytes(KeyUsageReport.of(key, standing, meter, now));
        response.setStatus(200);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, RelayError error) {
        relay.reject(request.getMethod(), PATH, error, new ServletResponseChannel(response));
    }

    /** The headers a relay key may arrive in; nothing else of the request is needed. */
    private static Headers credentialHeaders(HttpServletRequest request) {
        var headers = Headers.builder();
        for (String name : new String[] {"x-api-key", "authorization", "x-goog-api-key"}) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.add(name, value);
            }
        }
        return headers.build();
    }
}
