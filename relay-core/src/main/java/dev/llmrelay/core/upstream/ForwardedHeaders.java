package dev.llmrelay.core.upstream;

import dev.llmrelay.core.exchange.Headers;
import java.util.Locale;
import java.util.Set;

/**
 * The client headers an upstream may see: an allowlist of provider headers ({@code anthropic-*},
 * {@code x-stainless-*}), the user agent and the client's own session headers. Credentials, cookies,
 * hop-by-hop and proxy headers ({@code x-forwarded-*}, {@code cf-*}) never pass.
 */
public final class ForwardedHeaders {
    private static final Set<String> EXACT = Set.of("user-agent", "x-app", "x-claude-code-session-id", "accept-language");
    private static final Set<String> PREFIXES = Set.of("anthropic-", "x-stainless-");
    static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

    private ForwardedHeaders() {
    }

    /** The allowed subset of the client's headers, plus the JSON content type and a default API version. */
    public static Headers.Builder forAnthropic(Headers client) {
        var upstream = Headers.builder();
        client.forEach((name, value) -> {
            if (isForwarded(name.toLowerCase(Locale.ROOT))) {
                upstream.add(name, value);
            }
        });
        upstream.set("content-type", "application/json");
        if (client.first("anthropic-version").isEmpty()) {
            upstream.set("anthropic-version", DEFAULT_ANTHROPIC_VERSION);
        }
        return upstream;
    }

    private static boolean isForwarded(String lowerName) {
        if (EXACT.contains(lowerName)) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (lowerName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The upstream answer headers a client may see: content type and the provider's request id. */
    public static Headers toClient(okhttp3.Headers upstream) {
        var client = Headers.builder();
        for (String name : new String[] {"request-id", "x-request-id"}) {
            String value = upstream.get(name);
            if (value != null) {
                client.add(name, value);
            }
        }
        return client.build();
    }
}
