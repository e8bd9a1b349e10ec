package dev.llmrelay.core.upstream;

import dev.llmrelay.core.exchange.Headers;

/**
 * The upstream answer headers a client may see: its request id, for support. Rate-limit headers describe
 * the account, not the client's key, and stay behind.
 */
public final class ClientResponseHeaders {
    private static final String[] PASSED = {"request-id", "x-request-id", "openai-processing-ms"};

    private ClientResponseHeaders() {
    }

    public static Headers.Builder from(okhttp3.Headers upstream) {
        var client = Headers.builder();
        for (String name : PASSED) {
            String value = upstream.get(name);
            if (value != null) {
                client.add(name, value);
            }
        }
        return client;
    }
}
