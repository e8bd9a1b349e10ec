package dev.llmrelay.api.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * One dispatched server-sent event: its type (absent when the stream gave none), its data with multi-line
 * data joined by {@code \n}, and the last event id seen.
 */
public record SseEvent(Optional<String> event, String data, Optional<String> id) {

    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(id, "id");
    }

    /** An event with a type and data, as Anthropic and Responses streams send them. */
    public static SseEvent of(String event, String data) {
        return new SseEvent(Optional.of(event), data, Optional.empty());
    }

    /** An event with data only, as Chat Completions and Gemini streams send them. */
    public static SseEvent data(String data) {
        return new SseEvent(Optional.empty(), data, Optional.empty());
    }

    /** Whether the event's type is {@code type}. */
    public boolean is(String type) {
        return event.map(type::equals).orElse(false);
    }
}
