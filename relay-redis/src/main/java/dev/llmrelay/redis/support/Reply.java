package dev.llmrelay.redis.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a script's reply: arrays of bulk strings and integers, whichever form the client decoded them to. */
public final class Reply {
    private final List<?> items;

    private Reply(List<?> items) {
        this.items = items;
    }

    public static Reply of(Object reply) {
        if (!(reply instanceof List<?> list)) {
            throw new IllegalStateException("a relay script answered " + reply + " where a list belongs");
        }
        return new Reply(list);
    }

    public int size() {
        return items.size();
    }

    public String string(int index) {
        Object item = items.get(index);
        return switch (item) {
            case null -> null;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> item.toString();
        };
    }

    public long number(int index) {
        Object item = items.get(index);
        return item instanceof Number n ? n.longValue() : Long.parseLong(string(index));
    }

    public Reply list(int index) {
        return of(items.get(index));
    }

    /** A flat list of field, value, field, value... as a map, in order. */
    public Map<String, String> pairs(int index) {
        Reply flat = list(index);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(flat.string(i), flat.string(i + 1));
        }
        return map;
    }
}
