package dev.llmrelay.core.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.core.route.Operation;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads an Anthropic Messages request body in one streaming pass: checks that it is one well-formed JSON
 * object with the fields its operation requires, and picks out the fields the engine routes by. The body
 * itself is passed upstream unchanged.
 */
public final class RequestInspector {
    private final JsonFactory jsonFactory;

    public RequestInspector(JsonFactory jsonFactory) {
        this.jsonFactory = jsonFactory.copy().setStreamReadConstraints(
                StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).maxNestingDepth(1000).build());
    }

    /** The inspected request, or the 400 the client gets. */
    public Inspection inspect(Operation operation, byte[] body) {
        if (body.length == 0) {
            return new Inspection.Invalid(RelayError.of(ErrorKind.INVALID_REQUEST, "the request body is empty; a JSON object is required"));
        }
        String model = null;
        boolean stream = false;
        boolean hasMessages = false;
        boolean hasMaxTokens = false;
        String userId = null;
        try (JsonParser parser = jsonFactory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return invalid("the request body must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "model" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            return invalid("model: must be a string");
                        }
                        model = parser.getText();
                    }
                    case "stream" -> {
                        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_NULL) {
                            return invalid("stream: must be a boolean");
                        }
                        stream = value == JsonToken.VALUE_TRUE;
                    }
                    case "messages" -> {
                        if (value != JsonToken.START_ARRAY) {
                            return invalid("messages: must be an array");
                        }
                        hasMessages = true;
                        parser.skipChildren();
                    }
                    case "max_tokens" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT) {
                            return invalid("max_tokens: must be an integer");
                        }
                        hasMaxTokens = true;
                    }
                    case "metadata" -> userId = readUserId(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                return invalid("the request body holds more than one JSON value");
            }
        } catch (IOException e) {
            return invalid("the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (model == null || model.isBlank()) {
            return invalid("model: field required");
        }
        if (operation == Operation.MESSAGES || operation == Operation.COUNT_TOKENS) {
            if (!hasMessages) {
                return invalid("messages: field required");
            }
        }
        if (operation == Operation.MESSAGES && !hasMaxTokens) {
            return invalid("max_tokens: field required");
        }
        return new Inspection.Valid(new InspectedRequest(model, stream && operation == Operation.MESSAGES, Optional.ofNullable(userId)));
    }

    private static String readUserId(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String userId = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (field.equals("user_id") && token == JsonToken.VALUE_STRING) {
                userId = parser.getText();
            } else {
                parser.skipChildren();
            }
        }
        return userId;
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
