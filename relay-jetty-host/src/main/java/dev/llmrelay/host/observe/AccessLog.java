package dev.llmrelay.host.observe;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.event.RelayEventListener;
import dev.llmrelay.core.event.RequestEnded;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per client request on the logger {@value #LOGGER}, in logfmt: route, method, path, status, key and
 * account ids, platform, model, tokens, cost, latency and time to first byte. Never a key, a credential, a query
 * string or a body: the path and model, which a client chose, are percent-escaped (no line can be forged) and a
 * relay key pasted into a path is masked.
 */
public final class AccessLog implements RelayEventListener {
    /** The logger the lines go to, so a logback configuration can send them elsewhere. */
    public static final String LOGGER = "dev.llmrelay.access";

    private static final int MAX_FIELD_CHARS = 200;
    private static final Pattern RELAY_KEY = Pattern.compile("rk_[A-Za-z0-9_-]+");

    private final Logger log;

    public AccessLog() {
        this(LoggerFactory.getLogger(LOGGER));
    }

    AccessLog(Logger log) {
        this.log = log;
    }

    @Override
    public void requestEnded(RequestEnded request) {
        if (log.isInfoEnabled()) {
            log.info(line(request));
        }
    }

    /** The line for {@code request}, without a timestamp (the log's pattern adds one). */
    static String line(RequestEnded request) {
        TokenUsage tokens = request.tokens();
        return "route=" + request.route()
                + " method=" + safe(request.method())
                + " path=" + safe(masked(request.path()))
                + " status=" + request.status()
                + " key=" + request.keyId().orElse("-")
                + " account=" + request.accountId().orElse("-")
                + " platform=" + request.platform().map(Platform::wireName).orElse("-")
                + " model=" + (request.model().isEmpty() ? "-" : safe(request.model()))
                + " stream=" + request.stream()
                + " input_tokens=" + tokens.inputTokens()
                + " output_tokens=" + tokens.outputTokens()
                + " cache_write_tokens=" + tokens.cacheWriteTokens()
                + " cache_read_tokens=" + tokens.cacheReadTokens()
                + " cost_usd=" + usd(request.costUsd())
                + " latency_ms=" + request.latency().toMillis()
                + " ttfb_ms=" + request.timeToFirstByte().map(Duration::toMillis).map(String::valueOf).orElse("-");
    }

    /** Six decimals, as {@code %.6f} would print them, at a fraction of a formatter's cost. */
    private static String usd(double cost) {
        return Double.isFinite(cost) ? BigDecimal.valueOf(cost).setScale(6, RoundingMode.HALF_UP).toPlainString() : "-";
    }

    /** {@code path} with any relay key in it masked. */
    private static String masked(String path) {
        return path.contains("rk_") ? RELAY_KEY.matcher(path).replaceAll("rk_****") : path;
    }

    /** {@code text} with every byte outside printable ASCII, and space, quote, backslash and '%', percent-escaped. */
    private static String safe(String text) {
        String cut = text.length() > MAX_FIELD_CHARS ? text.substring(0, MAX_FIELD_CHARS) + "..." : text;
        var out = new StringBuilder(cut.length());
        for (byte b : cut.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.isEmpty() ? "-" : out.toString();
    }
}
