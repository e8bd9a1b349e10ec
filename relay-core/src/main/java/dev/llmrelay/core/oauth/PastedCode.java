package dev.llmrelay.core.oauth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator pasted to finish a sign-in, taken apart: the bare code; Claude's code page's
 * {@code code#state}; or the whole URL the browser ended on ({@code http://localhost:1455/auth/callback?code=…&state=…}),
 * which may instead carry the provider's {@code error}.
 */
record PastedCode(String code, Optional<String> state, Optional<String> error) {

    static PastedCode parse(String pasted) {
        String text = pasted.strip();
        int query = text.indexOf('?');
        if (text.contains("://") || query >= 0 || text.startsWith("code=")) {
            String parameters = query >= 0 ? text.substring(query + 1) : text;
            if (!parameters.contains("code=") && !parameters.contains("error=")) {
                parameters = parameters.replace('#', '&');
            }
            Map<String, String> values = parameters(parameters.replace('#', '&'));
            return new PastedCode(values.getOrDefault("code", ""), Optional.ofNullable(values.get("state")),
                    Optional.ofNullable(values.get("error")).map(error ->
                            error + Optional.ofNullable(values.get("error_description")).map(d -> ": " + d).orElse("")));
        }
        int hash = text.indexOf('#');
        if (hash >= 0) {
            return new PastedCode(text.substring(0, hash), Optional.of(text.substring(hash + 1)).filter(s -> !s.isEmpty()),
                    Optional.empty());
        }
        int amp = text.indexOf('&');
        if (amp >= 0) {
            return new PastedCode(text.substring(0, amp),
                    Optional.ofNullable(parameters(text.substring(amp + 1)).get("state")), Optional.empty());
        }
        return new PastedCode(text, Optional.empty(), Optional.empty());
    }

    private static Map<String, String> parameters(String text) {
        Map<String, String> values = new HashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public String toString() {
        return "PastedCode[****]";
    }
}
