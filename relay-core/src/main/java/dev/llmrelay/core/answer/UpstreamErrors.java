package dev.llmrelay.core.answer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmrelay.core.json.PooledJson;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads an upstream's error body, whichever provider wrote it, for account status reasons and cooldowns:
 * Anthropic {@code {"error":{"type","message"}}}, OpenAI {@code {"error":{"type","code","message"}}},
 * Google {@code {"error":{"status","message","details":[{"retryDelay"}]}}} (also as the first element of an
 * array, as Gemini's non-SSE streams answer).
 */
public final class UpstreamErrors {
    private static final JsonFactory JSON = PooledJson.newFactory();
    private static final int MAX_MESSAGE = 300;

    private UpstreamErrors() {
    }

    /** An upstream error's type (empty when it named none), message, and the retry delay it asked for. */
    public record UpstreamError(String type, String message, Optional<Duration> retryDelay) {
        public String describe() {
            if (type.isEmpty()) {
                return message;
            }
            return message.isEmpty() ? type : type + ": " + message;
        }
    }

    public static UpstreamError parse(String body) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                first = parser.nextToken();
            }
            if (first != JsonToken.START_OBJECT) {
                return new UpstreamError("", excerpt(body), Optional.empty());
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("error") && value == JsonToken.START_OBJECT) {
                    return readError(parser);
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return new UpstreamError("", excerpt(body), Optional.empty());
        }
        return new UpstreamError("", excerpt(body), Optional.empty());
    }

    private static UpstreamError readError(JsonParser parser) throws IOException {
        String type = "";
        String status = "";
        String code = "";
        String message = "";
        Optional<Duration> retryDelay = Optional.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_STRING) {
                switch (name) {
                    case "type" -> type = parser.getText();
                    case "status" -> status = parser.getText();
                    case "code" -> code = parser.getText();
                    case "message" -> message = excerpt(parser.getText());
                    default -> { }
                }
            } else if (name.equals("details") && token == JsonToken.START_ARRAY) {
                retryDelay = readRetryDelay(parser);
            } else {
                parser.skipChildren();
            }
        }
        String named = !type.isEmpty() && !type.equals("error") ? type : !status.isEmpty() ? status : code;
        return new UpstreamError(named, message, retryDelay);
    }

    /** Google's {@code RetryInfo.retryDelay} (such as {@code "37s"}) among the error's details. */
    private static Optional<Duration> readRetryDelay(JsonParser parser) throws IOException {
        Optional<Duration> found = Optional.empty();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals("retryDelay") && token == JsonToken.VALUE_STRING) {
                    found = RetryDelays.parseGoogleDuration(parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return found;
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }
}
