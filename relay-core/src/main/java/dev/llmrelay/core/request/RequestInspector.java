package dev.llmrelay.core.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.core.request.BodyShape.JsonType;
import dev.llmrelay.core.route.Operation;
import dev.llmrelay.core.route.PathParameters;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a client's request body in one streaming pass: checks that it is one well-formed JSON object with
 * the fields its operation requires, and picks out what the engine routes by (model, stream, the client's
 * session id, a hash of the conversation's start). Nothing of the body is materialised but those few values:
 * the conversation's start is hashed from the body's own bytes, and the body itself goes upstream unchanged.
 */
public final class RequestInspector {
    private final ObjectMapper json;
    /** Each operation's shape and the top-level fields it looks into, worked out once rather than per request. */
    private final Map<Operation, BodyShape> shapes = new EnumMap<>(Operation.class);
    private final Map<Operation, Set<String>> topLevelFields = new EnumMap<>(Operation.class);

    public RequestInspector(ObjectMapper json) {
        for (Operation operation : Operation.values()) {
            BodyShape shape = BodyShape.of(operation);
            shapes.put(operation, shape);
            topLevelFields.put(operation, Set.copyOf(shape.topLevelFields()));
        }
        this.json = json.copy();
        this.json.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).maxNestingDepth(1000).build());
    }

    /** The inspected request, or the 400 the client gets. */
    public Inspection inspect(Operation operation, PathParameters path, byte[] body) {
        if (body.length == 0) {
            return invalid("the request body is empty; a JSON object is required");
        }
        BodyShape shape = shapes.get(operation);
        var scan = new Scan(shape, topLevelFields.get(operation), body);
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return invalid("the request body must be a JSON object");
            }
            Optional<RelayError> error = scan.topLevel(parser);
            if (error.isPresent()) {
                return new Inspection.Invalid(error.get());
            }
            if (parser.nextToken() != null) {
                return invalid("the request body holds more than one JSON value");
            }
        } catch (IOException e) {
            return invalid("the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        for (var required : shape.required().entrySet()) {
            if (!scan.seen.contains(required.getKey())) {
                return invalid(required.getKey() + ": field required");
            }
        }
        String model = shape.modelInBody() ? scan.model : path.model().orElse("");
        if (shape.modelInBody() && operation != Operation.CODE_ASSIST && model.isBlank()) {
            return invalid("model: field required");
        }
        boolean stream = switch (operation) {
            case MESSAGES, CHAT_COMPLETIONS, RESPONSES -> scan.stream;
            case STREAM_GENERATE_CONTENT -> true;
            case CODE_ASSIST -> path.method().map("streamGenerateContent"::equals).orElse(false);
            default -> false;
        };
        return new Inspection.Valid(new InspectedRequest(model, stream, Optional.ofNullable(scan.session),
                scan.conversationHash(), operation == Operation.CHAT_COMPLETIONS && scan.includeUsage));
    }

    /** One pass over one body. */
    private final class Scan {
        private final BodyShape shape;
        private final Set<String> fields;
        private final Set<String> seen = new HashSet<>();
        private String model = "";
        private boolean stream;
        private String session;
        private boolean includeUsage;
        private final byte[] body;
        private Span system;
        private final List<Span> turns = new ArrayList<>();

        Scan(BodyShape shape, Set<String> fields, byte[] body) {
            this.shape = shape;
            this.fields = fields;
            this.body = body;
        }

        Optional<RelayError> topLevel(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!fields.contains(name)) {
                    parser.skipChildren();
                    continue;
                }
                seen.add(name);
                JsonType type = shape.required().get(name);
                if (type != null && !hasType(value, type)) {
                    return Optional.of(RelayError.of(ErrorKind.INVALID_REQUEST, name + ": must be " + type.described()));
                }
                if (name.equals("model") && shape.modelInBody()) {
                    if (value != JsonToken.VALUE_STRING) {
                        return Optional.of(RelayError.of(ErrorKind.INVALID_REQUEST, "model: must be a string"));
                    }
                    model = parser.getText();
                } else if (name.equals("stream_options") && value == JsonToken.START_OBJECT) {
                    includeUsage = readIncludeUsage(parser);
                } else if (name.equals(shape.streamField())) {
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_NULL) {
                        return Optional.of(RelayError.of(ErrorKind.INVALID_REQUEST, "stream: must be a boolean"));
                    }
                    stream = value == JsonToken.VALUE_TRUE;
                } else {
                    read(name, parser, value);
                }
            }
            return Optional.empty();
        }

        /** Reads the paths below {@code prefix} that the shape asks for, from the value the parser is on. */
        private void read(String prefix, JsonParser parser, JsonToken value) throws IOException {
            if (matches(shape.sessionField(), prefix)) {
                session = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                parser.skipChildren();
            } else if (matches(shape.systemField(), prefix)) {
                system = spanOf(parser);
            } else if (matches(shape.conversationField(), prefix)) {
                readTurns(parser, value);
            } else if (value == JsonToken.START_OBJECT && isParentOfAPath(prefix)) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String child = prefix + "." + parser.currentName();
                    read(child, parser, parser.nextToken());
                }
            } else {
                parser.skipChildren();
            }
        }

        /** Chat's {@code stream_options.include_usage}, from the object the parser is on. */
        private boolean readIncludeUsage(JsonParser parser) throws IOException {
            boolean asked = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String option = parser.currentName();
                JsonToken token = parser.nextToken();
                if (option.equals("include_usage")) {
                    asked = token == JsonToken.VALUE_TRUE;
                } else {
                    parser.skipChildren();
                }
            }
            return asked;
        }

        private void readTurns(JsonParser parser, JsonToken value) throws IOException {
            if (value != JsonToken.START_ARRAY) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (turns.size() < shape.conversationEntriesHashed()) {
                    turns.add(spanOf(parser));
                } else {
                    parser.skipChildren();
                }
            }
        }

        private boolean isParentOfAPath(String prefix) {
            for (String path : new String[] {shape.sessionField(), shape.systemField(), shape.conversationField()}) {
                if (path.startsWith(prefix + ".")) {
                    return true;
                }
            }
            return false;
        }

        Optional<String> conversationHash() {
            if (turns.isEmpty()) {
                return Optional.empty();
            }
            try {
                var digest = MessageDigest.getInstance("SHA-256");
                if (system != null) {
                    digest.update(body, system.start(), system.length());
                }
                for (Span turn : turns) {
                    digest.update((byte) '\n');
                    digest.update(body, turn.start(), turn.length());
                }
                return Optional.of(HexFormat.of().formatHex(digest.digest(), 0, 16));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }
    }

    /**
     * Where the value the parser is on lies in the body, skipping past it. The bytes are hashed as the client sent
     * them, rather than parsed into a tree and written out again: the same client sends the same conversation
     * start in the same bytes.
     */
    private static Span spanOf(JsonParser parser) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        parser.finishToken();
        return new Span(start, (int) parser.currentLocation().getByteOffset());
    }

    /** A value's bytes in the body: {@code [start, end)}. */
    private record Span(int start, int end) {
        int length() {
            return end - start;
        }
    }

    private static boolean matches(String path, String prefix) {
        return !path.isEmpty() && path.equals(prefix);
    }

    private static boolean hasType(JsonToken value, JsonType type) {
        return switch (type) {
            case STRING -> value == JsonToken.VALUE_STRING;
            case ARRAY -> value == JsonToken.START_ARRAY;
            case INTEGER -> value == JsonToken.VALUE_NUMBER_INT;
        };
    }

    private static Inspection invalid(String message) {
        return new Inspection.Invalid(RelayError.of(ErrorKind.INVALID_REQUEST, message));
    }

    /** Jackson's message without the source excerpt it appends on later lines. */
    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A request that may go on, or the reason it may not. */
    public sealed interface Inspection {
        record Valid(InspectedRequest request) implements Inspection {
        }

        record Invalid(RelayError error) implements Inspection {
        }
    }
}
