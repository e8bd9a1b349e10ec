package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.catalog.OutputLimits;
import dev.llmrelay.core.translate.json.JsonTrees;
import static dev.llmrelay.core.translate.json.JsonTrees.has;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One Anthropic Messages request as a Gemini {@code generateContent} request (the mapping of §5.8). */
final class ClaudeRequestToGemini {
    private final Map<String, String> toolNames = new HashMap<>();
    private final List<String> roles = new ArrayList<>();
    private final List<List<JsonNode>> turns = new ArrayList<>();
    private final ArrayNode systemParts = JsonTrees.array();
    private final ThoughtSignatures signatures;

    ClaudeRequestToGemini(ThoughtSignatures signatures) {
        this.signatures = signatures;
    }

    ObjectNode translate(ObjectNode claude, String upstreamModel) {
        refuseWhatGeminiCannotExpress(claude);
        JsonNode system = claude.path("system");
        if (system.isTextual()) {
            addText(systemParts, system.asText());
        } else {
            system.forEach(block -> addText(systemParts, text(block, "text")));
        }
        for (JsonNode message : claude.path("messages")) {
            message(message);
        }
        ObjectNode gemini = JsonTrees.object();
        if (!systemParts.isEmpty()) {
            gemini.putObject("systemInstruction").set("parts", systemParts);
        }
        gemini.set("contents", contents());
        ArrayNode declarations = declarations(claude.path("tools"));
        if (!declarations.isEmpty()) {
            gemini.putArray("tools").addObject().set("functionDeclarations", declarations);
            toolConfig(claude.path("tool_choice"), gemini);
        }
        ObjectNode generation = generation(claude, upstreamModel);
        if (!generation.isEmpty()) {
            gemini.set("generationConfig", generation);
        }
        return gemini;
    }

    private static void refuseWhatGeminiCannotExpress(ObjectNode claude) {
        if (claude.path("mcp_servers").size() > 0) {
            throw new TranslationException("mcp_servers cannot be expressed in Gemini");
        }
        if (has(claude, "container")) {
            throw new TranslationException("container cannot be expressed in Gemini");
        }
        if (has(claude, "output_format") || has(claude.path("output_config"), "format")) {
            throw new TranslationException("a structured output format cannot be expressed in Gemini");
        }
    }

    private static void addText(ArrayNode parts, String text) {
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
    }

    private void message(JsonNode message) {
        String role = text(message, "role");
        JsonNode content = message.path("content");
        if (role.equals("system")) {
            // Gemini has no system turn mid-conversation: its text joins the system instruction
            if (content.isTextual()) {
                addText(systemParts, content.asText());
            } else {
                content.forEach(block -> addText(systemParts, text(block, "text")));
            }
            return;
        }
        String geminiRole = role.equals("assistant") ? "model" : "user";
        List<JsonNode> parts = new ArrayList<>();
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                parts.add(JsonTrees.object().put("text", content.asText()));
            }
        } else {
            List<JsonNode> resultMedia = new ArrayList<>();
            int afterResults = 0;
            for (JsonNode block : content) {
                if (text(block, "type").equals("tool_result")) {
                    parts.add(afterResults, functionResponse(block, resultMedia));
                    afterResults++;
                } else {
                    part(block).ifPresent(parts::add);
                }
            }
            // images of tool results follow the function responses in the same turn, as Gemini CLI sends them
            parts.addAll(afterResults, resultMedia);
        }
        addTurn(geminiRole, parts);
    }

    private void addTurn(String role, List<JsonNode> parts) {
        if (parts.isEmpty()) {
            return;
        }
        int last = roles.size() - 1;
        if (last >= 0 && roles.get(last).equals(role)) {
            turns.get(last).addAll(parts);
        } else {
            roles.add(role);
            turns.add(new ArrayList<>(parts));
        }
    }

    private ArrayNode contents() {
        ArrayNode contents = JsonTrees.array();
        for (int i = 0; i < roles.size(); i++) {
            ObjectNode content = contents.addObject();
            content.put("role", roles.get(i));
            content.putArray("parts").addAll(turns.get(i));
        }
        return contents;
    }

    private Optional<JsonNode> part(JsonNode block) {
        String type = text(block, "type");
        switch (type) {
            case "text" -> {
                String text = text(block, "text");
                return text.isEmpty() ? Optional.empty() : Optional.of(JsonTrees.object().put("text", text));
            }
            case "image", "document" -> {
                return Optional.of(media(block));
            }
            case "tool_use" -> {
                toolNames.put(text(block, "id"), text(block, "name"));
                ObjectNode part = JsonTrees.object();
                ObjectNode call = part.putObject("functionCall");
                call.put("name", text(block, "name"));
                call.set("args", block.path("input").isObject() ? block.path("input") : JsonTrees.object());
                signatures.of(text(block, "id")).ifPresent(signature -> part.put("thoughtSignature", signature));
                return Optional.of(part);
            }
            case "thinking", "redacted_thinking" -> {
                // Anthropic's signatures mean nothing to Gemini (rule 16)
                return Optional.empty();
            }
            default -> throw new TranslationException("a " + type + " block cannot be expressed in Gemini");
        }
    }

    /** A base64 image or document as inline data; a plain-text document as a text part. */
    private static JsonNode media(JsonNode block) {
        JsonNode source = block.path("source");
        switch (text(source, "type")) {
            case "base64" -> {
                ObjectNode part = JsonTrees.object();
                part.putObject("inlineData").put("mimeType", text(source, "media_type")).put("data", text(source, "data"));
                return part;
            }
            case "text" -> {
                if (text(block, "type").equals("document")) {
                    return JsonTrees.object().put("text", text(source, "data"));
                }
            }
            default -> {
                // refused below
            }
        }
        throw new TranslationException("a " + text(block, "type") + " from a " + text(source, "type")
                + " source cannot be expressed in Gemini; send it as base64");
    }

    /**
     * A tool_result as a functionResponse named after the tool_use it answers (Gemini needs the name), with
     * {@code {output: text}} or {@code {error: text}}; its images go to {@code media}.
     */
    private JsonNode functionResponse(JsonNode result, List<JsonNode> media) {
        String id = text(result, "tool_use_id");
        String name = toolNames.get(id);
        if (name == null) {
            throw new TranslationException("the tool_result for " + id + " answers no earlier tool_use");
        }
        JsonNode content = result.path("content");
        String output;
        if (content.isArray()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode block : content) {
                switch (text(block, "type")) {
                    case "text" -> texts.add(text(block, "text"));
                    case "image" -> media.add(media(block));
                    default -> throw new TranslationException("a " + text(block, "type")
                            + " block in a tool_result cannot be expressed in Gemini");
                }
            }
            output = String.join("\n", texts);
        } else {
            output = content.asText("");
        }
        ObjectNode part = JsonTrees.object();
        ObjectNode response = part.putObject("functionResponse");
        response.put("name", name);
        response.putObject("response").put(result.path("is_error").asBoolean(false) ? "error" : "output", output);
        return part;
    }

    private static ArrayNode declarations(JsonNode tools) {
        ArrayNode declarations = JsonTrees.array();
        for (JsonNode tool : tools) {
            String type = text(tool, "type");
            if (!type.isEmpty() && !type.equals("custom")) {
                throw new TranslationException("the server tool " + type + " cannot be expressed in Gemini");
            }
            ObjectNode declaration = declarations.addObject().put("name", text(tool, "name"));
            if (!text(tool, "description").isEmpty()) {
                declaration.put("description", text(tool, "description"));
            }
            JsonNode schema = tool.path("input_schema");
            if (schema.isObject()) {
                declaration.set("parametersJsonSchema", schema);
            } else {
                declaration.putObject("parametersJsonSchema").put("type", "object").putObject("properties");
            }
        }
        return declarations;
    }

    private static void toolConfig(JsonNode choice, ObjectNode gemini) {
        String mode = switch (text(choice, "type")) {
            case "auto" -> "AUTO";
            case "any", "tool" -> "ANY";
            case "none" -> "NONE";
            default -> "";
        };
        if (mode.isEmpty()) {
            return;
        }
        ObjectNode config = gemini.putObject("toolConfig").putObject("functionCallingConfig");
        config.put("mode", mode);
        if (text(choice, "type").equals("tool")) {
            config.putArray("allowedFunctionNames").add(text(choice, "name"));
        }
    }

    private static ObjectNode generation(ObjectNode claude, String upstreamModel) {
        ObjectNode generation = JsonTrees.object();
        if (claude.path("max_tokens").isIntegralNumber()) {
            generation.put("maxOutputTokens", OutputLimits.clamp(upstreamModel, claude.path("max_tokens").asInt()));
        }
        copyNumber(claude, "temperature", generation, "temperature");
        copyNumber(claude, "top_p", generation, "topP");
        copyNumber(claude, "top_k", generation, "topK");
        JsonNode stops = claude.path("stop_sequences");
        if (stops.isArray() && !stops.isEmpty()) {
            generation.set("stopSequences", stops);
        }
        JsonNode thinking = claude.path("thinking");
        switch (text(thinking, "type")) {
            case "enabled" -> {
                if (thinking.path("budget_tokens").isNumber()) {
                    generation.putObject("thinkingConfig").set("thinkingBudget", thinking.path("budget_tokens"));
                }
            }
            case "disabled" -> generation.putObject("thinkingConfig").put("thinkingBudget", 0);
            default -> {
                // adaptive or none: the model decides, as Gemini does without a thinkingConfig
            }
        }
        return generation;
    }

    private static void copyNumber(JsonNode from, String name, ObjectNode to, String geminiName) {
        JsonNode value = from.path(name);
        if (value.isNumber()) {
            to.set(geminiName, value);
        }
    }
}
