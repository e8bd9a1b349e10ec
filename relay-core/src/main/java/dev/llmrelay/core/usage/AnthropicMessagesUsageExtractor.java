package dev.llmrelay.core.usage;

import static dev.llmrelay.core.usage.JsonMembers.ABSENT;
import static dev.llmrelay.core.usage.JsonMembers.count;
import static dev.llmrelay.core.usage.JsonMembers.forEachMember;
import static dev.llmrelay.core.usage.JsonMembers.orZero;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.usage.TokenUsage;
import java.io.IOException;
import java.util.Objects;

/**
 * Anthropic Messages usage: {@code usage} of a whole message; in a stream, {@code message_start}'s
 * {@code message.usage}, whose counters each {@code message_delta.usage} replaces where it carries them
 * non-null (the counts are cumulative: never added).
 */
final class AnthropicMessagesUsageExtractor implements UsageExtractor {

    private final JsonFactory json;

    AnthropicMessagesUsageExtractor(JsonFactory json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public TokenUsage fromBody(byte[] body) {
        Counters counters = JsonMembers.find(json, body, Counters::read, "usage");
        return counters == null ? TokenUsage.ZERO : counters.toTokenUsage();
    }

    @Override
    public StreamUsage newStream() {
        return new Stream();
    }

    private final class Stream implements StreamUsage {
        /** Touched by the relaying thread only; {@link #current} publishes it. */
        private Counters counters = new Counters();
        private volatile TokenUsage current = TokenUsage.ZERO;

        @Override
        public void onEvent(SseEvent event) {
            if (event.is("message_start")) {
                Counters start = JsonMembers.find(json, event.data(), Counters::read, "message", "usage");
                if (start == null) {
                    return;
                }
                counters = start;
            } else if (event.is("message_delta")) {
                Counters delta = JsonMembers.find(json, event.data(), Counters::read, "usage");
                if (delta == null) {
                    return;
                }
                counters.replaceWith(delta);
            } else {
                return;
            }
            current = counters.toTokenUsage();
        }

        @Override
        public TokenUsage current() {
            return current;
        }
    }

    /** The counters of one {@code usage} object, {@link JsonMembers#ABSENT} where it lacks them. */
    private static final class Counters {
        long input = ABSENT;
        long cacheWrite = ABSENT;
        long cacheRead = ABSENT;
        long output = ABSENT;
        long cacheWrite1h = ABSENT;
        long thinking = ABSENT;

        static Counters read(JsonParser parser) throws IOException {
            Counters c = new Counters();
            forEachMember(parser, (name, p) -> {
                switch (name) {
                    case "input_tokens" -> c.input = count(p);
                    case "cache_creation_input_tokens" -> c.cacheWrite = count(p);
                    case "cache_read_input_tokens" -> c.cacheRead = count(p);
                    case "output_tokens" -> c.output = count(p);
                    case "cache_creation" -> forEachMember(p, (inner, q) -> {
                        if (inner.equals("ephemeral_1h_input_tokens")) {
                            c.cacheWrite1h = count(q);
                        } else {
                            q.skipChildren();
                        }
                    });
                    case "output_tokens_details" -> forEachMember(p, (inner, q) -> {
                        if (inner.equals("thinking_tokens")) {
                            c.thinking = count(q);
                        } else {
                            q.skipChildren();
                        }
                    });
                    default -> p.skipChildren();
                }
            });
            return c;
        }

        /** Takes every counter {@code later} carries, keeping the others. */
        void replaceWith(Counters later) {
            input = later.input != ABSENT ? later.input : input;
            cacheWrite = later.cacheWrite != ABSENT ? later.cacheWrite : cacheWrite;
            cacheRead = later.cacheRead != ABSENT ? later.cacheRead : cacheRead;
            output = later.output != ABSENT ? later.output : output;
            cacheWrite1h = later.cacheWrite1h != ABSENT ? later.cacheWrite1h : cacheWrite1h;
            thinking = later.thinking != ABSENT ? later.thinking : thinking;
        }

        TokenUsage toTokenUsage() {
            return new TokenUsage(orZero(input), orZero(output), orZero(cacheWrite), orZero(cacheRead),
                    orZero(cacheWrite1h), orZero(thinking));
        }
    }
}
