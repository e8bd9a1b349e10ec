package dev.llmrelay.core.translate.gemini;

import static dev.llmrelay.core.translate.json.JsonTrees.member;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.translate.json.JsonTrees;
import java.util.Optional;

/**
 * Gemini's JSON output ({@code responseMimeType: application/json}, with {@code responseJsonSchema} or
 * {@code responseSchema}) as Anthropic structured output: one tool named {@value #NAME}, whose
 * {@code input_schema} is the schema, forced with {@code tool_choice}; the tool_use input that comes back is the
 * answer's JSON text. Gemini CLI's model-routing classifier asks this way. Type names are lower-cased, as JSON
 * Schema spells them, whichever field the schema came in. Anthropic's tool input is an object, so a schema whose
 * root is not an object is refused, and JSON output without a schema is any JSON object.
 */
final class JsonOutputTool {
    /** The tool's name; a client's own function of that name is refused, so an answer's tool_use of it is ours. */
    static final String NAME = "gemini_json_response";

    private JsonOutputTool() {
    }

    /** The schema of the JSON output {@code generationConfig} asks for, when it asks for JSON. */
    static Optional<JsonNode> requestedSchema(JsonNode generationConfig) {
        JsonNode jsonSchema = member(generationConfig, "responseJsonSchema");
        JsonNode openApiSchema = member(generationConfig, "responseSchema");
        String mimeType = member(generationConfig, "responseMimeType").asText("");
        if (!jsonSchema.isObject() && !openApiSchema.isObject() && !mimeType.equals("application/json")) {
            return Optional.empty();
        }
        JsonNode schema;
        if (jsonSchema.isObject()) {
            // Gemini CLI's classifier on Code Assist writes OpenAPI's type names (OBJECT, STRING) here too.
            schema = GeminiRequestToClaude.lowerCaseTypes(jsonSchema);
        } else if (openApiSchema.isObject()) {
            schema = GeminiRequestToClaude.lowerCaseTypes(openApiSchema);
        } else {
            schema = JsonTrees.object().put("type", "object");
        }
        if (!schema.path("type").asText("object").equals("object")) {
            throw new TranslationException("a response schema whose root is not an object cannot be expressed in"
                    + " Anthropic Messages (its structured output is a tool's input, always an object)");
        }
        return Optional.of(schema);
    }

    /** The tool declaration for {@code schema}. */
    static ObjectNode tool(JsonNode schema) {
        ObjectNode tool = JsonTrees.object().put("name", NAME)
                .put("description", "Answer with this tool only: its input is the whole answer, as JSON.");
        tool.set("input_schema", schema);
        return tool;
    }

    /** The tool_choice that forces the tool. */
    static ObjectNode choice() {
        return JsonTrees.object().put("type", "tool").put("name", NAME);
    }

    /** Whether a tool_use named {@code name} is the JSON answer rather than a function call. */
    static boolean isAnswer(String name) {
        return NAME.equals(name);
    }

    /** The text part a JSON answer's tool_use input becomes. */
    static ObjectNode textPart(JsonTrees json, JsonNode input) {
        return JsonTrees.object().put("text", json.writeString(input.isObject() ? input : JsonTrees.object()));
    }
}
