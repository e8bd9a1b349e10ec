package dev.llmrelay.core.translate.vectors;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.core.sse.SharedVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The shared translation vectors ({@code vectors/translate/*.json}), found as {@link SharedVectors} finds
 * them (skipped when absent, failed when {@code CI=true}), each read into a {@link Vector}.
 */
public final class TranslationVectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TranslationVectors() {
    }

    /** Every translate vector file, sorted by name. */
    public static List<Path> files() {
        return SharedVectors.files("translate");
    }

    /** The vector in {@code file}. */
    public static Vector read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the vector " + file, e);
        }
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        return new Vector(name,
                root.path("description").asText(""),
                protocol(required(root, "client", name).asText()),
                protocol(required(root, "upstream", name).asText()),
                required(root, "client_path", name).asText(),
                required(root, "client_request", name),
                optional(root, "expected_upstream_path").map(JsonNode::asText),
                optional(root, "expected_upstream_request"),
                optional(root, "upstream_response"),
                optional(root, "expected_client_response"),
                optional(root, "upstream_stream").map(JsonNode::asText),
                optional(root, "expected_client_events").map(TranslationVectors::events),
                optional(root, "expected_client_error").map(e -> new ExpectedError(e.path("status").asInt(), e.path("body"))));
    }

    /** The protocol a vector names ({@code anthropic-messages}, {@code openai-chat}, ...). */
    public static Protocol protocol(String name) {
        return switch (name) {
            case "anthropic-messages" -> Protocol.ANTHROPIC_MESSAGES;
            case "openai-chat" -> Protocol.OPENAI_CHAT;
            case "openai-responses" -> Protocol.OPENAI_RESPONSES;
            case "gemini" -> Protocol.GEMINI;
            case "gemini-code-assist" -> Protocol.GEMINI_CODE_ASSIST;
            default -> throw new IllegalArgumentException("no protocol is named " + name);
        };
    }

    /**
     * One translate vector: a client request, the upstream request it must become (or the error it must get),
     * and an upstream answer, whole or streamed, with what the client must get from it.
     *
     * @param clientPath the path the client calls on the provider's own host, query included
     * @param expectedUpstreamPath the path and query the relay must call upstream
     * @param upstreamStream the upstream's raw {@code text/event-stream} body
     */
    public record Vector(String name, String description, Protocol client, Protocol upstream, String clientPath,
                         JsonNode clientRequest, Optional<String> expectedUpstreamPath,
                         Optional<JsonNode> expectedUpstreamRequest, Optional<JsonNode> upstreamResponse,
                         Optional<JsonNode> expectedClientResponse, Optional<String> upstreamStream,
                         Optional<List<ExpectedEvent>> expectedClientEvents, Optional<ExpectedError> expectedClientError) {

        public Vector {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(upstream, "upstream");
            Objects.requireNonNull(clientPath, "clientPath");
            Objects.requireNonNull(clientRequest, "clientRequest");
        }

        /**
         * Whether the client's request streams: {@code "stream": true}, or Gemini's {@code streamGenerateContent}
         * (the upstream streams exactly when the client does).
         */
        public boolean streams() {
            if (client == Protocol.GEMINI || client == Protocol.GEMINI_CODE_ASSIST) {
                return pathWithoutQuery().endsWith(":streamGenerateContent");
            }
            return clientRequest.path("stream").asBoolean(false);
        }

        /** The model the client asks for: the {@code {model}} segment of a Gemini path, else the body's {@code model}. */
        public String clientModel() {
            String path = pathWithoutQuery();
            int models = path.indexOf("/models/");
            if (client == Protocol.GEMINI && models >= 0) {
                int colon = path.indexOf(':', models);
                return path.substring(models + "/models/".length(), colon < 0 ? path.length() : colon);
            }
            return clientRequest.path("model").asText("");
        }

        /** The Gemini or Code Assist method the client calls ({@code generateContent}, ...), if any. */
        public Optional<String> clientMethod() {
            String path = pathWithoutQuery();
            int colon = path.lastIndexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(path.substring(colon + 1));
        }

        private String pathWithoutQuery() {
            int query = clientPath.indexOf('?');
            return query < 0 ? clientPath : clientPath.substring(0, query);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * One event the client must get: its {@code event} field exactly (empty: none), and its data, either
     * exact text ({@code [DONE]}) or a {@link VectorPattern} for the JSON it holds.
     */
    public record ExpectedEvent(Optional<String> event, JsonNode data) {
        public ExpectedEvent {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(data, "data");
        }

        /** Whether the data must be this exact text rather than JSON matching a pattern. */
        public boolean exactText() {
            return data.isTextual();
        }
    }

    /** The refusal a client must get instead of any upstream call: its status and a pattern for its body. */
    public record ExpectedError(int status, JsonNode body) {
    }

    private static List<ExpectedEvent> events(JsonNode events) {
        List<ExpectedEvent> expected = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            JsonNode type = event.path("event");
            expected.add(new ExpectedEvent(type.isTextual() ? Optional.of(type.asText()) : Optional.empty(),
                    event.path("data")));
        }
        return List.copyOf(expected);
    }

    private static JsonNode required(JsonNode root, String field, String vector) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            fail("the vector " + vector + " has no " + field);
        }
        return value;
    }

    private static Optional<JsonNode> optional(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }
}
