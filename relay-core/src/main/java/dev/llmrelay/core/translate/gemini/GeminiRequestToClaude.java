package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.catalog.OutputLimits;
import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ClaudeDefaults;
import static dev.llmrelay.core.translate.json.JsonTrees.member;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One Gemini {@code generateContent} request as an Anthropic Messages request (the mapping of §5.9). */
final class GeminiRequestToClaude {
    private static final Set<String> CLAUDE_IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    /** Part members that only annotate a part, never content of their own. */
    private static final Set<String> ANNOTATIONS = Set.of("thought", "thoughtSignature", "thought_signature",
            "partMetadata", "part_metadata", "mediaResolution", "media_resolution");

    private final JsonTrees json;
    private final List<PendingCall> unanswered = new ArrayList<>();

    /** A functionCall of the history that no functionResponse has answered yet. */
    private record PendingCall(String id, String name) {
    }

    GeminiRequestToClaude(JsonTrees json) {
        this.json = json;
    }

    ObjectNode translate(ObjectNode gemini, TranslationContext context) {
        ObjectNode claude = JsonTrees.object();
        claude.put("model", context.upstreamModel());
        ArrayNode system = system(member(gemini, "systemInstruction"));
        if (!system.isEmpty()) {
            claude.set("system", system);
        }
        claude.set("messages", messages(member(gemini, "contents")));
        ArrayNode tools = tools(member(gemini, "tools"));
        Optional<JsonNode> jsonOutput = JsonOutputTool.requestedSchema(member(gemini, "generationConfig"));
        if (jsonOutput.isPresent()) {
            if (!tools.isEmpty()) {
                throw new TranslationException("JSON output together with function declarations cannot be expressed in"
                        + " Anthropic Messages (its structured output is a forced tool)");
            }
            claude.putArray("tools").add(JsonOutputTool.tool(jsonOutput.get()));
            claude.set("tool_choice", JsonOutputTool.choice());
        } else if (!tools.isEmpty()) {
            claude.set("tools", tools);
            toolChoice(member(member(gemini, "toolConfig"), "functionCallingConfig"))
                    .ifPresent(choice -> claude.set("tool_choice", choice));
        }
        generation(member(gemini, "generationConfig"), claude, context.upstreamModel());
        if (context.stream()) {
            claude.put("stream", true);
        }
        return claude;
    }

    private static ArrayNode system(JsonNode instruction) {
        ArrayNode blocks = JsonTrees.array();
        if (instruction.isTextual()) {
            addText(blocks, instruction.asText());
            return blocks;
        }
        for (JsonNode part : member(instruction, "parts")) {
            addText(blocks, text(part, "text"));
        }
        return blocks;
    }

    private static void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
    }

    private ArrayNode messages(JsonNode contents) {
        var messages = new ClaudeMessages();
        int turn = 0;
        for (JsonNode content : contents) {
            String role = text(content, "role").equals("model") ? "assistant" : "user";
            List<JsonNode> blocks = new ArrayList<>();
            int index = 0;
            for (JsonNode part : member(content, "parts")) {
                block(part, "toolu_g" + turn + "_" + index).ifPresent(blocks::add);
                index++;
            }
            messages.add(role, blocks);
            turn++;
        }
        return messages.toJson();
    }

    /** The Anthropic block of one part; {@code positionalId} names a functionCall that carries no id. */
    private Optional<JsonNode> block(JsonNode part, String positionalId) {
        if (part.has("text") && part.get("text").isTextual()) {
            String text = part.get("text").asText();
            if (text.isEmpty() || part.path("thought").asBoolean(false)) {
                return Optional.empty();
            }
            ObjectNode block = JsonTrees.object().put("type", "text").put("text", text);
            return Optional.of(block);
        }
        JsonNode call = member(part, "functionCall");
        if (call.isObject()) {
            String id = text(call, "id").isEmpty() ? positionalId : text(call, "id");
            String name = text(call, "name");
            unanswered.add(new PendingCall(id, name));
            JsonNode args = member(call, "args");
            ObjectNode block = JsonTrees.object().put("type", "tool_use").put("id", id).put("name", name);
            block.set("input", args.isObject() ? args : JsonTrees.object());
            return Optional.of(block);
        }
        JsonNode response = member(part, "functionResponse");
        if (response.isObject()) {
            return Optional.of(toolResult(response));
        }
        JsonNode inline = member(part, "inlineData");
        if (inline.isObject()) {
            return Optional.of(media(inline));
        }
        if (member(part, "fileData").isObject()) {
            throw new TranslationException("fileData parts cannot be expressed in Anthropic Messages; send the file as inlineData");
        }
        for (Map.Entry<String, JsonNode> field : part.properties()) {
            if (!ANNOTATIONS.contains(field.getKey()) && !field.getValue().isNull()) {
                throw new TranslationException("a part holding " + field.getKey() + " cannot be expressed in Anthropic Messages");
            }
        }
        return Optional.empty();
    }

    /** A functionResponse as the tool_result of the call it answers (rule 15). */
    private JsonNode toolResult(JsonNode functionResponse) {
        String id = text(functionResponse, "id");
        String name = text(functionResponse, "name");
        PendingCall answered = unanswered.stream().filter(call -> !id.isEmpty() && call.id().equals(id)).findFirst()
                .or(() -> unanswered.stream().filter(call -> call.name().equals(name)).findFirst())
                .orElseThrow(() -> new TranslationException("the functionResponse of " + name
                        + " answers no earlier functionCall"));
        unanswered.remove(answered);
        if (member(functionResponse, "parts").size() > 0) {
            throw new TranslationException("functionResponse parts cannot be expressed in Anthropic Messages");
        }
        JsonNode response = member(functionResponse, "response");
        ObjectNode result = JsonTrees.object().put("type", "tool_result").put("tool_use_id", answered.id());
        if (response.has("error") && !response.get("error").isNull()) {
            JsonNode error = response.get("error");
            result.put("content", error.isTextual() ? error.asText() : json.writeString(error));
            result.put("is_error", true);
        } else if (response.has("output") && response.get("output").isTextual()) {
            result.put("content", response.get("output").asText());
        } else {
            result.put("content", json.writeString(response.isObject() ? response : JsonTrees.object()));
        }
        return result;
    }

    /** Inline data as an Anthropic image or PDF document; no other type has a block to go in. */
    private static JsonNode media(JsonNode inline) {
        String mimeType = text(inline, "mimeType").isEmpty() ? text(inline, "mime_type") : text(inline, "mimeType");
        String type;
        if (CLAUDE_IMAGE_TYPES.contains(mimeType)) {
            type = "image";
        } else if (mimeType.equals("application/pdf")) {
            type = "document";
        } else {
            throw new TranslationException("inlineData of type " + mimeType + " cannot be expressed in Anthropic Messages");
        }
        ObjectNode block = JsonTrees.object().put("type", type);
        block.putObject("source").put("type", "base64").put("media_type", mimeType).put("data", text(inline, "data"));
        return block;
    }

    private static ArrayNode tools(JsonNode tools) {
        ArrayNode claudeTools = JsonTrees.array();
        for (JsonNode tool : tools) {
            for (Map.Entry<String, JsonNode> field : tool.properties()) {
                boolean declarations = field.getKey().equals("functionDeclarations")
                        || field.getKey().equals("function_declarations");
                if (!declarations && !field.getValue().isNull()) {
                    throw new TranslationException("the Gemini tool " + field.getKey() + " cannot be expressed in Anthropic Messages");
                }
            }
            for (JsonNode declaration : member(tool, "functionDeclarations")) {
                if (JsonOutputTool.isAnswer(text(declaration, "name"))) {
                    throw new TranslationException("the function name " + JsonOutputTool.NAME
                            + " is the relay's own, for JSON output; rename the function");
                }
                ObjectNode claudeTool = claudeTools.addObject().put("name", text(declaration, "name"));
                if (!text(declaration, "description").isEmpty()) {
                    claudeTool.put("description", text(declaration, "description"));
                }
                claudeTool.set("input_schema", inputSchema(declaration));
            }
        }
        return claudeTools;
    }

    /** {@code parametersJsonSchema} as it is; {@code parameters} (an OpenAPI subset) with its type names lower-cased. */
    private static JsonNode inputSchema(JsonNode declaration) {
        JsonNode jsonSchema = member(declaration, "parametersJsonSchema");
        if (jsonSchema.isObject()) {
            return jsonSchema;
        }
        JsonNode parameters = member(declaration, "parameters");
        if (parameters.isObject()) {
            return lowerCaseTypes(parameters);
        }
        ObjectNode empty = JsonTrees.object().put("type", "object");
        empty.putObject("properties");
        return empty;
    }

    static JsonNode lowerCaseTypes(JsonNode schema) {
        if (schema.isArray()) {
            ArrayNode copy = JsonTrees.array();
            schema.forEach(element -> copy.add(lowerCaseTypes(element)));
            return copy;
        }
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = JsonTrees.object();
        schema.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (field.getKey().equals("type") && value.isTextual()) {
                copy.set("type", TextNode.valueOf(value.asText().toLowerCase(Locale.ROOT)));
            } else if (field.getKey().equals("type") && value.isArray()) {
                ArrayNode types = copy.putArray("type");
                value.forEach(type -> types.add(type.isTextual() ? type.asText().toLowerCase(Locale.ROOT) : type.asText()));
            } else {
                copy.set(field.getKey(), lowerCaseTypes(value));
            }
        });
        return copy;
    }

    private static Optional<JsonNode> toolChoice(JsonNode config) {
        if (!config.isObject()) {
            return Optional.empty();
        }
        String mode = text(config, "mode");
        JsonNode allowed = member(config, "allowedFunctionNames");
        if (allowed.size() > 0 && !(mode.equals("ANY") && allowed.size() == 1)) {
            throw new TranslationException("allowedFunctionNames other than one name with mode ANY cannot be expressed in Anthropic Messages");
        }
        ObjectNode choice = JsonTrees.object();
        switch (mode) {
            case "ANY" -> {
                if (allowed.size() == 1) {
                    choice.put("type", "tool").put("name", allowed.get(0).asText());
                } else {
                    choice.put("type", "any");
                }
            }
            case "NONE" -> choice.put("type", "none");
            case "AUTO", "VALIDATED" -> choice.put("type", "auto");
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(choice);
    }

    private static void generation(JsonNode config, ObjectNode claude, String model) {
        JsonNode candidates = member(config, "candidateCount");
        if (candidates.isNumber() && candidates.asInt() > 1) {
            throw new TranslationException("candidateCount above 1 cannot be expressed in Anthropic Messages");
        }
        for (JsonNode modality : member(config, "responseModalities")) {
            if (!modality.asText().equalsIgnoreCase("TEXT")) {
                throw new TranslationException("the response modality " + modality.asText() + " cannot be expressed in Anthropic Messages");
            }
        }
        String mimeType = member(config, "responseMimeType").asText("");
        if (!mimeType.isEmpty() && !mimeType.equals("text/plain") && !mimeType.equals("application/json")) {
            throw new TranslationException("responseMimeType " + mimeType + " cannot be expressed in Anthropic Messages");
        }
        if (member(config, "responseLogprobs").asBoolean(false)) {
            throw new TranslationException("responseLogprobs cannot be expressed in Anthropic Messages");
        }
        JsonNode maxTokens = member(config, "maxOutputTokens");
        claude.put("max_tokens", OutputLimits.clamp(model, maxTokens.isNumber() ? maxTokens.asInt() : ClaudeDefaults.maxTokens(model)));
        JsonNode temperature = member(config, "temperature");
        if (temperature.isNumber()) {
            claude.set("temperature", ClaudeDefaults.temperature(temperature));
        } else if (member(config, "topP").isNumber()) {
            claude.set("top_p", member(config, "topP"));
        }
        if (member(config, "topK").isNumber()) {
            claude.set("top_k", member(config, "topK"));
        }
        JsonNode stops = member(config, "stopSequences");
        if (stops.isArray() && !stops.isEmpty()) {
            claude.set("stop_sequences", stops);
        }
    }
}
