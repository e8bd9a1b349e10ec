package dev.llmrelay.core.wire;

import dev.llmrelay.core.exchange.Headers;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** An allowlist of client header names and prefixes; everything else stays with the relay. */
record HeaderAllowlist(Set<String> names, List<String> prefixes) {

    HeaderAllowlist {
        names = Set.copyOf(names);
        prefixes = List.copyOf(prefixes);
    }

    Headers.Builder copy(Headers client) {
        var upstream = Headers.builder();
        client.forEach((name, value) -> {
            if (allows(name.toLowerCase(Locale.ROOT))) {
                upstream.add(name, value);
            }
        });
        return upstream.set("content-type", "application/json");
    }

    private boolean allows(String lowerName) {
        if (names.contains(lowerName)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (lowerName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
