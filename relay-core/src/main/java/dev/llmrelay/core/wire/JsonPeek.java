package dev.llmrelay.core.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.llmrelay.core.json.PooledJson;
import java.io.IOException;
import java.util.Optional;

/** Cheap looks at one top-level field of a small JSON text, without building a tree. */
final class JsonPeek {
    private static final JsonFactory JSON = PooledJson.newFactory();

    private JsonPeek() {
    }

    static boolean hasTopLevelField(String json, String field) {
        if (!json.contains('"' + field + '"')) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (parser.currentName().equals(field)) {
                    return parser.nextToken() != JsonToken.VALUE_NULL;
                }
                parser.nextToken();
                parser.skipChildren();
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static Optional<String> topLevelString(String json, String field) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field) && value == JsonToken.VALUE_STRING) {
                    return Optional.of(parser.getText());
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
