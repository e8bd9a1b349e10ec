package dev.llmrelay.core.translate.responseschat;

import dev.llmrelay.core.catalog.OutputLimits;
import static dev.llmrelay.core.translate.json.JsonTrees.has;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import dev.llmrelay.core.translate.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One Responses request as a Chat Completions request (PROTOCOLS.md §5.11, "R → C"). Built fresh for each
 * request: it collects the system text and the messages as the input items come.
 */
final class ResponsesRequestToChat {
    /**
     * Tools Codex CLI sends beside its function tools on every request, dropped when function tools come with
     * them: the hosted web search, and the {@code namespace} of sub-agent tools (Codex 0.169 and later).
     */
    private static final Set<String> DROPPED_BESIDE_FUNCTIONS = Set.of("web_search", "web_search_preview", "namespace");
    private static final Set<String> TEXT_PARTS = Set.of("input_text", "output_text", "text");

    private final List<String> systemTexts = new ArrayList<>();
    private final ArrayNode messages = JsonTrees.array();
    /** The assistant message the current run of assistant items (text, calls) goes into, if one is open. */
    private ObjectNode assistant;
    /** Images of tool outputs, waiting for the user message that follows this run of tool messages. */
    private final ArrayNode toolImages = JsonTrees.array();

    ObjectNode translate(ObjectNode request, TranslationContext context) {
        refuseUnservable(request);
        addSystem(text(request, "instructions"));
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            if (!input.asText().isEmpty()) {
                endRun();
                messages.addObject().put("role", "user").put("content", input.asText());
            }
        } else if (input.isArray()) {
            input.forEach(this::item);
        } else if (has(request, "input")) {
            throw new TranslationException("input must be a string or a list of items");
        }
        endRun();

        ObjectNode chat = JsonTrees.object();
        chat.put("model", context.upstreamModel());
        ArrayNode all = chat.putArray("messages");
        if (!systemTexts.isEmpty()) {
            all.addObject().put("role", "system").put("content", String.join("\n\n", systemTexts));
        }
        all.addAll(messages);
        tools(request, chat);
        if (request.path("max_output_tokens").isNumber()) {
            chat.put("max_completion_tokens", OutputLimits.clamp(context.upstreamModel(), request.path("max_output_tokens").asInt()));
        }
        for (String sampling : List.of("temperature", "top_p")) {
            if (request.path(sampling).isNumber()) {
                chat.set(sampling, request.path(sampling));
            }
        }
        String effort = text(request.path("reasoning"), "effort");
        if (!effort.isEmpty()) {
            chat.put("reasoning_effort", effort);
        }
        responseFormat(request.path("text").path("format")).ifPresent(format -> chat.set("response_format", format));
        for (String identity : List.of("user", "safety_identifier")) {
            if (!text(request, identity).isEmpty()) {
                chat.put(identity, text(request, identity));
            }
        }
        if (context.stream()) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    private static void refuseUnservable(ObjectNode request) {
        if (!text(request, "previous_response_id").isEmpty()) {
            throw new TranslationException("previous_response_id cannot be served on an OpenAI-compatible Chat account: the relay "
                    + "keeps no earlier responses; send the whole conversation in input (store: false)");
        }
        if (has(request, "conversation")) {
            throw new TranslationException("conversation cannot be served on an OpenAI-compatible Chat account; "
                    + "send the whole conversation in input");
        }
        if (has(request, "prompt")) {
            throw new TranslationException("stored prompts cannot be served on an OpenAI-compatible Chat account");
        }
        if (request.path("background").asBoolean(false)) {
            throw new TranslationException("background responses cannot be served on an OpenAI-compatible Chat account");
        }
        if (request.path("top_logprobs").asInt(0) > 0) {
            throw new TranslationException("top_logprobs cannot be served on an OpenAI-compatible Chat account");
        }
        if (request.path("max_tool_calls").isNumber()) {
            throw new TranslationException("max_tool_calls cannot be expressed in Chat Completions");
        }
    }

    private void item(JsonNode item) {
        String type = text(item, "type");
        if (type.isEmpty() && has(item, "role")) {
            type = "message";
        }
        switch (type) {
            case "message" -> message(item);
            case "function_call" -> functionCall(item);
            case "function_call_output" -> functionCallOutput(item);
            case "reasoning" -> {
                // Chat takes no reasoning back (rule 16: thinking is dropped toward Chat)
            }
            default -> throw new TranslationException("input items of type " + type + " cannot be expressed in Chat Completions");
        }
    }

    private void message(JsonNode message) {
        String role = text(message, "role");
        JsonNode content = message.path("content");
        switch (role) {
            case "system", "developer" -> {
                if (content.isTextual()) {
                    addSystem(content.asText());
                } else {
                    for (JsonNode part : content) {
                        if (!TEXT_PARTS.contains(text(part, "type"))) {
                            throw new TranslationException("a " + role + " message holding " + text(part, "type")
                                    + " cannot be expressed in Chat Completions");
                        }
                        addSystem(text(part, "text"));
                    }
                }
            }
            case "user" -> {
                endRun();
                if (content.isTextual()) {
                    if (!content.asText().isEmpty()) {
                        messages.addObject().put("role", "user").put("content", content.asText());
                    }
                } else {
                    ArrayNode parts = JsonTrees.array();
                    content.forEach(part -> userPart(part, parts));
                    if (!parts.isEmpty()) {
                        messages.addObject().put("role", "user").set("content", parts);
                    }
                }
            }
            case "assistant" -> {
                StringBuilder text = new StringBuilder();
                if (content.isTextual()) {
                    text.append(content.asText());
                } else {
                    for (JsonNode part : content) {
                        String partType = text(part, "type");
                        if (TEXT_PARTS.contains(partType)) {
                            text.append(text(part, "text"));
                        } else if (partType.equals("refusal")) {
                            text.append(text(part, "refusal"));
                        } else {
                            throw new TranslationException("assistant content of type " + partType + " cannot be expressed in Chat Completions");
                        }
                    }
                }
                if (!text.isEmpty()) {
                    ObjectNode turn = assistantTurn();
                    String before = text(turn, "content");
                    turn.put("content", before.isEmpty() ? text.toString() : before + "\n\n" + text);
                }
            }
            default -> throw new TranslationException("messages of role " + role + " cannot be expressed in Chat Completions");
        }
    }

    private static void userPart(JsonNode part, ArrayNode parts) {
        String type = text(part, "type");
        switch (type) {
            case "input_text", "text" -> {
                if (!text(part, "text").isEmpty()) {
                    parts.addObject().put("type", "text").put("text", text(part, "text"));
                }
            }
            case "input_image" -> parts.add(image(part));
            case "input_file" -> {
                String data = text(part, "file_data");
                if (data.isEmpty()) {
                    throw new TranslationException("files by file_id or file_url cannot be expressed in Chat Completions; send file_data");
                }
                ObjectNode file = parts.addObject().put("type", "file").putObject("file").put("file_data", data);
                if (!text(part, "filename").isEmpty()) {
                    file.put("filename", text(part, "filename"));
                }
            }
            default -> throw new TranslationException("user content of type " + type + " cannot be expressed in Chat Completions");
        }
    }

    private static ObjectNode image(JsonNode part) {
        String url = text(part, "image_url");
        if (!(url.startsWith("data:") || url.startsWith("https://") || url.startsWith("http://"))) {
            throw new TranslationException("images by file_id cannot be expressed in Chat Completions; send a data: or https: URL");
        }
        ObjectNode image = JsonTrees.object().put("type", "image_url");
        ObjectNode imageUrl = image.putObject("image_url").put("url", url);
        if (Set.of("auto", "low", "high").contains(text(part, "detail"))) {
            imageUrl.put("detail", text(part, "detail"));
        }
        return image;
    }

    /** A call joins the open assistant message (calls and text of one turn make one message). */
    private void functionCall(JsonNode call) {
        String callId = text(call, "call_id");
        if (callId.isEmpty()) {
            throw new TranslationException("a function_call item needs its call_id");
        }
        String arguments = text(call, "arguments");
        ObjectNode turn = assistantTurn();
        ArrayNode calls = turn.has("tool_calls") ? (ArrayNode) turn.get("tool_calls") : turn.putArray("tool_calls");
        ObjectNode toolCall = calls.addObject().put("id", callId).put("type", "function");
        toolCall.putObject("function").put("name", text(call, "name")).put("arguments", arguments.isBlank() ? "{}" : arguments);
    }

    /** A tool message; a tool output's images wait for a user message after the run of tool messages (Chat tool messages hold text only). */
    private void functionCallOutput(JsonNode output) {
        assistant = null;
        ObjectNode tool = messages.addObject().put("role", "tool").put("tool_call_id", text(output, "call_id"));
        JsonNode content = output.path("output");
        if (!content.isArray()) {
            tool.put("content", content.isTextual() ? content.asText() : content.isMissingNode() || content.isNull() ? "" : content.toString());
            return;
        }
        ArrayNode texts = tool.putArray("content");
        for (JsonNode part : content) {
            String type = text(part, "type");
            if (TEXT_PARTS.contains(type)) {
                if (!text(part, "text").isEmpty()) {
                    texts.addObject().put("type", "text").put("text", text(part, "text"));
                }
            } else if (type.equals("input_image")) {
                toolImages.add(image(part));
            } else {
                throw new TranslationException("a function_call_output holding " + type + " cannot be expressed in Chat Completions");
            }
        }
    }

    private ObjectNode assistantTurn() {
        if (assistant == null) {
            flushToolImages();
            assistant = messages.addObject().put("role", "assistant");
            assistant.putNull("content");
        }
        return assistant;
    }

    /** Ends the current assistant message and places waiting tool images before whatever comes next. */
    private void endRun() {
        assistant = null;
        flushToolImages();
    }

    private void flushToolImages() {
        if (!toolImages.isEmpty()) {
            messages.addObject().put("role", "user").set("content", toolImages.deepCopy());
            toolImages.removeAll();
        }
    }

    private void addSystem(String text) {
        if (!text.isEmpty()) {
            systemTexts.add(text);
        }
    }

    /**
     * Flat function tools as Chat tools. The hosted {@code web_search} tool and Codex's {@code namespace} of
     * sub-agent tools are dropped when function tools come with them, as Codex CLI sends both on every request
     * and the model then answers without searching or spawning sub-agents (a namespace's tools would need names
     * that map back to {@code name} plus {@code namespace} in the answer, which a stateless translation cannot
     * keep); alone they are refused, as is any other hosted tool.
     */
    private static void tools(ObjectNode request, ObjectNode chat) {
        JsonNode tools = request.path("tools");
        boolean functions = false;
        for (JsonNode tool : tools) {
            functions |= text(tool, "type").equals("function");
        }
        ArrayNode chatTools = JsonTrees.array();
        for (JsonNode tool : tools) {
            String type = text(tool, "type");
            if (type.equals("function")) {
                ObjectNode function = chatTools.addObject().put("type", "function").putObject("function").put("name", text(tool, "name"));
                if (!text(tool, "description").isEmpty()) {
                    function.put("description", text(tool, "description"));
                }
                if (tool.path("parameters").isObject()) {
                    function.set("parameters", tool.path("parameters"));
                } else {
                    function.putObject("parameters").put("type", "object").putObject("properties");
                }
                if (tool.path("strict").isBoolean()) {
                    function.set("strict", tool.path("strict"));
                }
            } else if (!(DROPPED_BESIDE_FUNCTIONS.contains(type) && functions)) {
                throw new TranslationException("the hosted tool " + type + " cannot be served on an OpenAI-compatible Chat account");
            }
        }
        JsonNode choice = request.path("tool_choice");
        if (choice.isObject() && !text(choice, "type").equals("function")) {
            throw new TranslationException("tool_choice of type " + text(choice, "type") + " cannot be expressed in Chat Completions");
        }
        if (chatTools.isEmpty()) {
            return;
        }
        chat.set("tools", chatTools);
        if (choice.isTextual()) {
            if (!Set.of("auto", "none", "required").contains(choice.asText())) {
                throw new TranslationException("tool_choice " + choice.asText() + " cannot be expressed in Chat Completions");
            }
            chat.put("tool_choice", choice.asText());
        } else if (choice.isObject()) {
            chat.putObject("tool_choice").put("type", "function").putObject("function").put("name", text(choice, "name"));
        }
        if (request.path("parallel_tool_calls").isBoolean() && !request.path("parallel_tool_calls").asBoolean()) {
            chat.put("parallel_tool_calls", false);
        }
    }

    /** {@code text.format} as Chat's {@code response_format}; plain text needs none. */
    private static Optional<ObjectNode> responseFormat(JsonNode format) {
        String type = text(format, "type");
        return switch (type) {
            case "", "text" -> Optional.empty();
            case "json_object" -> Optional.of(JsonTrees.object().put("type", "json_object"));
            case "json_schema" -> {
                ObjectNode chatFormat = JsonTrees.object().put("type", "json_schema");
                ObjectNode schema = chatFormat.putObject("json_schema");
                schema.put("name", text(format, "name").isEmpty() ? "response" : text(format, "name"));
                for (String member : List.of("description", "schema", "strict")) {
                    if (has(format, member)) {
                        schema.set(member, format.get(member));
                    }
                }
                yield Optional.of(chatFormat);
            }
            default -> throw new TranslationException("the text format " + type + " cannot be expressed in Chat Completions");
        };
    }
}
