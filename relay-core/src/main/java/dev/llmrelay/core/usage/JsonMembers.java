package dev.llmrelay.core.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Streaming reads of the few JSON members usage lives in: walk down a path of member names, skipping
 * every other value unparsed into objects, and stop as soon as the wanted object is read.
 */
final class JsonMembers {

    /** A counter the object did not carry, or carried as null or a non-number. */
    static final long ABSENT = -1;

    private JsonMembers() {
    }

    /** Reads the value the parser is at, consuming it whole. */
    @FunctionalInterface
    interface ValueReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /** Reads one member's value, named {@code name}, consuming it whole. */
    @FunctionalInterface
    interface MemberReader {
        void read(String name, JsonParser parser) throws IOException;
    }

    /**
     * Reads, with {@code reader}, the object at {@code path} (member names from the root object) of the JSON
     * document {@code doc}; null when there is no object there or the document is not valid JSON up to it.
     */
    static <T> T find(JsonFactory json, byte[] doc, ValueReader<T> reader, String... path) {
        try (JsonParser parser = json.createParser(doc)) {
            return find(parser, reader, path);
        } catch (IOException e) {
            return null;
        }
    }

    /** As {@link #find(JsonFactory, byte[], ValueReader, String...)}, for a document held as text. */
    static <T> T find(JsonFactory json, String doc, ValueReader<T> reader, String... path) {
        try (JsonParser parser = json.createParser(doc)) {
            return find(parser, reader, path);
        } catch (IOException e) {
            return null;
        }
    }

    private static <T> T find(JsonParser parser, ValueReader<T> reader, String[] path) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT || !enter(parser, path, 0)) {
            return null;
        }
        return reader.read(parser);
    }

    /** From the start of an object, moves to the start of the object at {@code path[depth..]} within it. */
    private static boolean enter(JsonParser parser, String[] path, int depth) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT && name.equals(path[depth])) {
                if (depth == path.length - 1 || enter(parser, path, depth + 1)) {
                    return true;
                }
            } else {
                parser.skipChildren();
            }
        }
        return false;
    }

    /** Hands each member of the object the parser is at to {@code reader}; any other value is skipped. */
    static void forEachMember(JsonParser parser, MemberReader reader) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            reader.read(name, parser);
        }
    }

    /** The token count the parser is at (negative counts as 0), or {@link #ABSENT} for null or a non-number. */
    static long count(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return Math.max(0, parser.getValueAsLong());
        }
        parser.skipChildren();
        return ABSENT;
    }

    /** {@code count}, or 0 when it is {@link #ABSENT}. */
    static long orZero(long count) {
        return count == ABSENT ? 0 : count;
    }
}
