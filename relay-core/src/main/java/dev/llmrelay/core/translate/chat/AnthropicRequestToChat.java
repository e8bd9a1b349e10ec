package dev.llmrelay.core.translate.chat;

import dev.llmrelay.core.catalog.OutputLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Claude Messages request body as a Chat Completions request body (vectors rules 1–14, PROTOCOLS.md §5.4).
 * Every top-level field is either mapped, dropped because a Chat upstream has no use for it (prompt-cache
 * markers, {@code top_k}, thinking settings, server-side context editing), or refused with a
 * {@link TranslationException} naming it.
 */
final class AnthropicRequestToChat {

    /**
     * Fields that change nothing a Chat upstream could answer: Claude's cache markers, service tier, thinking
     * and effort (rule 6: Chat upstreams take no Claude thinking settings), {@code top_k} (rule 2), and
     * {@code context_management}, which asks Claude to trim old tool results server-side (a Chat upstream
     * simply sees the whole conversation).
     */
    private static final Set<String> DROPPED = Set.of("cache_control", "service_tier", "thinking", "top_k",
            "context_management");

    private final ObjectMapper json;

    AnthropicRequestToChat(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode translate(JsonNode claude, TranslationContext context) {
        if (!claude.isObject()) {
            throw refuse("the request body must be a JSON object");
        }
        checkFields(claude);
        ObjectNode chat = json.createObjectNode();
        chat.put("model", context.upstreamModel());

        List<String> system = new ArrayList<>();
        systemTexts(claude.path("system"), "system", system);
        ArrayNode messages = json.createArrayNode();
        JsonNode claudeMessages = claude.path("messages");
        if (!claudeMessages.isArray()) {
            throw refuse("`messages` must be an array");
        }
        for (int i = 0; i < claudeMessages.size(); i++) {
            message(claudeMessages.get(i), "messages[" + i + "]", system, messages);
        }
        ArrayNode allMessages = chat.putArray("messages");
        if (!system.isEmpty()) {
            allMessages.addObject().put("role", "system").put("content", String.join("\n\n", system));
        }
        allMessages.addAll(messages);

        JsonNode maxTokens = claude.path("max_tokens");
        if (maxTokens.isIntegralNumber()) {
            chat.put("max_completion_tokens", OutputLimits.clamp(context.upstreamModel(), maxTokens.asInt()));
        }
        copyNumber(claude, "temperature", chat);
        copyNumber(claude, "top_p", chat);
        stopSequences(claude.path("stop_sequences"), chat);
        JsonNode userId = claude.path("metadata").path("user_id");
        if (userId.isTextual()) {
            chat.put("user", userId.asText());
        }
        tools(claude, chat);
        outputFormat(claude.path("output_config"), chat);
        if (context.stream()) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    private static void checkFields(JsonNode claude) {
        for (Map.Entry<String, JsonNode> field : claude.properties()) {
            String name = field.getKey();
            if (field.getValue().isNull() || DROPPED.contains(name)) {
                continue;
            }
            switch (name) {
                case "model", "messages", "system", "max_tokens", "temperature", "top_p", "stop_sequences", "stream",
                     "metadata", "tools", "tool_choice", "output_config" -> {
                    // mapped below
                }
                default -> throw refuse("`" + name + "` cannot be expressed for an OpenAI-compatible model");
            }
        }
        for (Map.Entry<String, JsonNode> field : claude.path("metadata").properties()) {
            if (!field.getKey().equals("user_id") && !field.getValue().isNull()) {
                throw refuse("`metadata." + field.getKey() + "` cannot be expressed for an OpenAI-compatible model");
            }
        }
    }

    private static void systemTexts(JsonNode system, String where, List<String> texts) {
        if (system.isMissingNode() || system.isNull()) {
            return;
        }
        if (system.isTextual()) {
            if (!system.asText().isEmpty()) {
                texts.add(system.asText());
            }
            return;
        }
        if (!system.isArray()) {
            throw refuse("`" + where + "` must be a string or an array of text blocks");
        }
        for (JsonNode block : system) {
            if (!block.path("type").asText().equals("text")) {
                throw refuse("`" + where + "` holds text blocks only");
            }
            if (!block.path("text").asText("").isEmpty()) {
                texts.add(block.path("text").asText());
            }
        }
    }

    private void message(JsonNode message, String where, List<String> system, ArrayNode out) {
        for (Map.Entry<String, JsonNode> field : message.properties()) {
            if (!field.getKey().equals("role") && !field.getKey().equals("content") && !field.getValue().isNull()) {
                throw refuse(where + "." + field.getKey() + " cannot be expressed for an OpenAI-compatible model");
            }
        }
        String role = message.path("role").asText("");
        JsonNode content = message.path("content");
        switch (role) {
            // Strict chat templates of compatible servers take one leading system message only (rule 8).
            case "system" -> systemTexts(content, where + ".content", system);
            case "user" -> user(content, where, out);
            case "assistant" -> assistant(content, where, out);
            default -> throw refuse(where + ": unknown role `" + role + "`");
        }
    }

    /**
     * A user turn: each {@code tool_result} as a tool message first, then one user message with the images
     * the results held and the turn's other blocks as parts. String content stays a string.
     */
    private void user(JsonNode content, String where, ArrayNode out) {
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                out.addObject().put("role", "user").put("content", content.asText());
            }
            return;
        }
        if (!content.isArray()) {
            throw refuse(where + ".content must be a string or an array of blocks");
        }
        List<ObjectNode> toolMessages = new ArrayList<>();
        ArrayNode resultImages = json.createArrayNode();
        ArrayNode parts = json.createArrayNode();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String blockWhere = where + ".content[" + i + "]";
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> {
                    if (!block.path("text").asText("").isEmpty()) {
                        parts.addObject().put("type", "text").put("text", block.path("text").asText());
                    }
                }
                case "image" -> parts.add(imagePart(block, blockWhere));
                case "tool_result" -> toolMessages.add(toolMessage(block, blockWhere, resultImages));
                case "document" -> throw refuse(blockWhere + ": document blocks cannot be expressed for an"
                        + " OpenAI-compatible model");
                default -> throw refuse(blockWhere + ": `" + type + "` blocks cannot be expressed for an"
                        + " OpenAI-compatible model");
            }
        }
        toolMessages.forEach(out::add);
        if (!resultImages.isEmpty() || !parts.isEmpty()) {
            ObjectNode user = out.addObject();
            user.put("role", "user");
            ArrayNode userParts = user.putArray("content");
            userParts.addAll(resultImages);
            userParts.addAll(parts);
        }
    }

    /** A {@code tool_result} as a tool message; its images go to {@code images}, as Chat tool messages hold text only. */
    private ObjectNode toolMessage(JsonNode result, String where, ArrayNode images) {
        String id = result.path("tool_use_id").asText("");
        if (id.isEmpty()) {
            throw refuse(where + ": a tool_result needs its `tool_use_id`");
        }
        ObjectNode message = json.createObjectNode();
        message.put("role", "tool");
        message.put("tool_call_id", id);
        JsonNode content = result.path("content");
        if (content.isTextual()) {
            message.put("content", content.asText());
        } else if (content.isArray()) {
            ArrayNode texts = json.createArrayNode();
            for (int i = 0; i < content.size(); i++) {
                JsonNode block = content.get(i);
                String type = block.path("type").asText("");
                switch (type) {
                    case "text" -> {
                        if (!block.path("text").asText("").isEmpty()) {
                            texts.addObject().put("type", "text").put("text", block.path("text").asText());
                        }
                    }
                    case "image" -> images.add(imagePart(block, where + ".content[" + i + "]"));
                    default -> throw refuse(where + ".content[" + i + "]: `" + type
                            + "` blocks in a tool result cannot be expressed for an OpenAI-compatible model");
                }
            }
            if (texts.isEmpty()) {
                message.put("content", "");
            } else {
                message.set("content", texts);
            }
        } else if (content.isMissingNode() || content.isNull()) {
            message.put("content", "");
        } else {
            throw refuse(where + ".content must be a string or an array of blocks");
        }
        return message;
    }

    /**
     * An assistant turn: its text blocks joined into {@code content} ({@code null} when it holds only tool
     * calls), each {@code tool_use} a tool call. Thinking is dropped (rule 16: a Chat upstream cannot check
     * Claude's signatures).
     */
    private void assistant(JsonNode content, String where, ArrayNode out) {
        if (content.isTextual()) {
            if (!content.asText().isEmpty()) {
                out.addObject().put("role", "assistant").put("content", content.asText());
            }
            return;
        }
        if (!content.isArray()) {
            throw refuse(where + ".content must be a string or an array of blocks");
        }
        StringBuilder text = new StringBuilder();
        ArrayNode calls = json.createArrayNode();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String type = block.path("type").asText("");
            switch (type) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> calls.add(toolCall(block));
                case "thinking", "redacted_thinking" -> {
                }
                default -> throw refuse(where + ".content[" + i + "]: `" + type
                        + "` blocks cannot be expressed for an OpenAI-compatible model");
            }
        }
        if (text.isEmpty() && calls.isEmpty()) {
            return;
        }
        ObjectNode message = out.addObject();
        message.put("role", "assistant");
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
    }

    private ObjectNode toolCall(JsonNode toolUse) {
        ObjectNode call = json.createObjectNode();
        call.put("id", toolUse.path("id").asText(""));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", toolUse.path("name").asText(""));
        JsonNode input = toolUse.path("input");
        try {
            function.put("arguments", json.writeValueAsString(input.isObject() ? input : json.createObjectNode()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
        return call;
    }

    private ObjectNode imagePart(JsonNode image, String where) {
        JsonNode source = image.path("source");
        String url = switch (source.path("type").asText("")) {
            case "base64" -> new DataUrl(source.path("media_type").asText(""), source.path("data").asText("")).toUrl();
            case "url" -> source.path("url").asText("");
            default -> throw refuse(where + ": images are translated from base64 or URL sources only");
        };
        ObjectNode part = json.createObjectNode();
        part.put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static void copyNumber(JsonNode claude, String field, ObjectNode chat) {
        JsonNode value = claude.path(field);
        if (value.isNumber()) {
            chat.set(field, value);
        } else if (!value.isMissingNode() && !value.isNull()) {
            throw refuse("`" + field + "` must be a number");
        }
    }

    private static void stopSequences(JsonNode sequences, ObjectNode chat) {
        if (sequences.isMissingNode() || sequences.isNull()) {
            return;
        }
        if (!sequences.isArray()) {
            throw refuse("`stop_sequences` must be an array of strings");
        }
        if (!sequences.isEmpty()) {
            chat.set("stop", sequences);
        }
    }

    private void tools(JsonNode claude, ObjectNode chat) {
        JsonNode tools = claude.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            ArrayNode chatTools = chat.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                chatTools.add(tool(tools.get(i), "tools[" + i + "]"));
            }
        } else if (!tools.isMissingNode() && !tools.isNull() && !tools.isArray()) {
            throw refuse("`tools` must be an array");
        }
        JsonNode choice = claude.path("tool_choice");
        if (choice.isMissingNode() || choice.isNull()) {
            return;
        }
        switch (choice.path("type").asText("")) {
            case "auto" -> chat.put("tool_choice", "auto");
            case "any" -> chat.put("tool_choice", "required");
            case "none" -> chat.put("tool_choice", "none");
            case "tool" -> chat.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", choice.path("name").asText(""));
            default -> throw refuse("`tool_choice` must be auto, any, tool or none");
        }
        if (choice.path("disable_parallel_tool_use").asBoolean(false)) {
            chat.put("parallel_tool_calls", false);
        }
    }

    private ObjectNode tool(JsonNode tool, String where) {
        String type = tool.path("type").asText("custom");
        if (!type.equals("custom")) {
            throw refuse(where + ": the server tool `" + type + "` cannot be used on an OpenAI-compatible model");
        }
        for (Map.Entry<String, JsonNode> field : tool.properties()) {
            switch (field.getKey()) {
                case "type", "name", "description", "input_schema", "strict", "cache_control" -> {
                    // cache_control is Claude's prompt-cache marker, meaningless upstream
                }
                default -> {
                    if (!field.getValue().isNull()) {
                        throw refuse(where + "." + field.getKey() + " cannot be expressed for an OpenAI-compatible model");
                    }
                }
            }
        }
        ObjectNode chatTool = json.createObjectNode();
        chatTool.put("type", "function");
        ObjectNode function = chatTool.putObject("function");
        function.put("name", tool.path("name").asText(""));
        if (tool.path("description").isTextual()) {
            function.put("description", tool.path("description").asText());
        }
        JsonNode schema = tool.path("input_schema");
        if (schema.isObject()) {
            function.set("parameters", schema);
        } else {
            function.putObject("parameters").put("type", "object").putObject("properties");
        }
        if (tool.path("strict").isBoolean()) {
            function.put("strict", tool.path("strict").asBoolean());
        }
        return chatTool;
    }

    /**
     * Claude's {@code output_config}: a JSON schema {@code format} becomes Chat's {@code response_format};
     * {@code effort} and {@code task_budget} are, like thinking, Claude's own spending settings and are dropped.
     */
    private static void outputFormat(JsonNode config, ObjectNode chat) {
        if (config.isMissingNode() || config.isNull()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : config.properties()) {
            switch (field.getKey()) {
                case "effort", "task_budget" -> {
                }
                case "format" -> {
                    JsonNode format = field.getValue();
                    if (format.isNull()) {
                        continue;
                    }
                    if (!format.path("type").asText().equals("json_schema") || !format.path("schema").isObject()) {
                        throw refuse("`output_config.format` must be a json_schema format with a `schema`");
                    }
                    ObjectNode schema = chat.putObject("response_format").put("type", "json_schema")
                            .putObject("json_schema");
                    schema.put("name", "output");
                    schema.set("schema", format.path("schema"));
                }
                default -> {
                    if (!field.getValue().isNull()) {
                        throw refuse("`output_config." + field.getKey()
                                + "` cannot be expressed for an OpenAI-compatible model");
                    }
                }
            }
        }
    }

    private static TranslationException refuse(String message) {
        return new TranslationException(message);
    }
}
