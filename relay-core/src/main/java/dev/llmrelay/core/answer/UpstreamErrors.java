package dev.llmrelay.core.answer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Reads the type and message of an upstream's Anthropic-shaped error body, for account status reasons. */
public final class UpstreamErrors {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_MESSAGE = 300;

    private UpstreamErrors() {
    }

    /** An upstream error's type (empty when it gave none) and message. */
    public record UpstreamError(String type, String message) {
        public String describe() {
            if (type.isEmpty()) {
                return message;
            }
            return message.isEmpty() ? type : type + ": " + message;
        }
    }

    /** Reads {@code {"type":"error","error":{"type","message"}}}; anything else gives its first characters. */
    public static UpstreamError parseAnthropic(String body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new UpstreamError("", excerpt(body));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("error") && value == JsonToken.START_OBJECT) {
                    String type = "";
                    String message = "";
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken token = parser.nextToken();
                        if (name.equals("type") && token == JsonToken.VALUE_STRING) {
                            type = parser.getText();
                        } else if (name.equals("message") && token == JsonToken.VALUE_STRING) {
                            message = excerpt(parser.getText());
                        } else {
                            parser.skipChildren();
                        }
                    }
                    return new UpstreamError(type, message);
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return new UpstreamError("", excerpt(body));
        }
        return new UpstreamError("", excerpt(body));
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }
}
