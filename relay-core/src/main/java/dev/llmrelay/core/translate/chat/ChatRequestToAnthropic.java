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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Chat Completions request body as a Claude Messages request body (vectors rules 1–14, PROTOCOLS.md §5.1).
 * Every top-level field is either mapped, dropped because it concerns only OpenAI's service (storage,
 * metadata, caching keys, {@code stream_options}, {@code n: 1}, ...), or refused with a
 * {@link TranslationException} naming it.
 */
final class ChatRequestToAnthropic {

    /** {@code max_tokens} when the client sets none; Claude requires one. */
    static final int DEFAULT_MAX_TOKENS = 8192;
    /** The older Claude 3 models stop at 4096 output tokens. */
    private static final int CLAUDE_3_MAX_TOKENS = 4096;
    /** Thinking needs room for an answer after it when the relay picks {@code max_tokens}. */
    private static final int ANSWER_ROOM_AFTER_THINKING = 4096;
    private static final int MIN_THINKING_BUDGET = 1024;
    private static final Map<String, Integer> THINKING_BUDGETS = Map.of(
            "low", 1024, "medium", 8192, "high", 16384, "xhigh", 24576);

    /** Fields that change nothing Claude could answer: they concern OpenAI's service or the relay's framing. */
    private static final Set<String> DROPPED = Set.of("stream_options", "store", "metadata", "service_tier", "seed",
            "prediction", "prompt_cache_key", "prompt_cache_retention");

    private final ObjectMapper json;

    ChatRequestToAnthropic(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode translate(JsonNode chat, TranslationContext context) {
        if (!chat.isObject()) {
            throw refuse("the request body must be a JSON object");
        }
        checkFields(chat);
        ObjectNode claude = json.createObjectNode();
        claude.put("model", context.upstreamModel());

        Conversation conversation = new Conversation();
        JsonNode messages = chat.path("messages");
        if (!messages.isArray()) {
            throw refuse("`messages` must be an array");
        }
        for (int i = 0; i < messages.size(); i++) {
            conversation.add(messages.get(i), "messages[" + i + "]");
        }
        if (!conversation.system.isEmpty()) {
            claude.set("system", conversation.system);
        }
        claude.set("messages", conversation.finish());

        int clientMax = OutputLimits.clamp(context.upstreamModel(), maxTokens(chat));
        int thinkingBudget = thinkingBudget(chat, clientMax, conversation.hasToolUse);
        int maxTokens = clientMax > 0 ? clientMax
                : OutputLimits.clamp(context.upstreamModel(), defaultMaxTokens(context.upstreamModel(), thinkingBudget));
        claude.put("max_tokens", maxTokens);
        if (thinkingBudget > 0) {
            claude.putObject("thinking").put("type", "enabled").put("budget_tokens", thinkingBudget);
        } else {
            sampling(chat, claude);
        }
        stopSequences(chat.path("stop"), claude);
        userId(chat, claude);
        tools(chat, claude);
        if (context.stream()) {
            claude.put("stream", true);
        }
        return claude;
    }

    private void checkFields(JsonNode chat) {
        for (Map.Entry<String, JsonNode> field : chat.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull() || DROPPED.contains(name)) {
                continue;
            }
            switch (name) {
                case "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k",
                     "stop", "stream", "user", "safety_identifier", "reasoning_effort", "tools", "tool_choice",
                     "parallel_tool_calls" -> {
                    // mapped below
                }
                case "n" -> {
                    if (value.asInt(0) != 1) {
                        throw refuse("`n`: Claude answers with one choice only, so `n` must be 1");
                    }
                }
                case "logprobs" -> {
                    if (value.asBoolean(true)) {
                        throw refuse("`logprobs`: Claude models do not return log probabilities");
                    }
                }
                case "top_logprobs" -> {
                    if (value.asInt(1) != 0) {
                        throw refuse("`top_logprobs`: Claude models do not return log probabilities");
                    }
                }
                case "logit_bias" -> {
                    if (!value.isEmpty()) {
                        throw refuse("`logit_bias` cannot be expressed for a Claude model");
                    }
                }
                case "presence_penalty", "frequency_penalty" -> {
                    if (!value.isNumber() || value.asDouble() != 0) {
                        throw refuse("`" + name + "` cannot be expressed for a Claude model");
                    }
                }
                case "modalities" -> {
                    for (JsonNode modality : value) {
                        if (!modality.asText().equals("text")) {
                            throw refuse("`modalities`: Claude models answer in text only");
                        }
                    }
                }
                case "response_format" -> {
                    if (!value.path("type").asText().equals("text")) {
                        throw refuse("`response_format` " + value.path("type").asText()
                                + " cannot be expressed for a Claude model through this relay");
                    }
                }
                case "audio" -> throw refuse("`audio`: Claude models answer in text only");
                case "functions", "function_call" -> throw refuse("`" + name
                        + "` (the deprecated functions API) is not translated; send `tools` and `tool_choice`");
                default -> throw refuse("`" + name + "` cannot be expressed for a Claude model");
            }
        }
    }

    /** The client's {@code max_completion_tokens}, else {@code max_tokens}; 0 when it gives none. */
    private static int maxTokens(JsonNode chat) {
        JsonNode value = chat.path("max_completion_tokens");
        String name = "max_completion_tokens";
        if (value.isMissingNode() || value.isNull()) {
            value = chat.path("max_tokens");
            name = "max_tokens";
        }
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw refuse("`" + name + "` must be a positive integer");
        }
        return value.asInt();
    }

    /**
     * The thinking budget for the client's {@code reasoning_effort}, or 0 for none: none asked, {@code minimal}
     * or {@code none}, no room below the client's {@code max_tokens}, or a tool call in the history (Claude
     * wants its signed thinking block back at the start of that turn, which a Chat client cannot send).
     */
    private static int thinkingBudget(JsonNode chat, int clientMax, boolean historyHasToolUse) {
        JsonNode effort = chat.path("reasoning_effort");
        if (effort.isMissingNode() || effort.isNull()) {
            return 0;
        }
        String level = effort.asText();
        if (level.equals("none") || level.equals("minimal")) {
            return 0;
        }
        Integer budget = THINKING_BUDGETS.get(level);
        if (budget == null) {
            throw refuse("`reasoning_effort` must be one of none, minimal, low, medium, high, xhigh");
        }
        if (historyHasToolUse) {
            return 0;
        }
        if (clientMax > 0) {
            budget = Math.min(budget, Math.max(MIN_THINKING_BUDGET, clientMax / 2));
            if (budget >= clientMax) {
                return 0;
            }
        }
        return budget;
    }

    private static int defaultMaxTokens(String model, int thinkingBudget) {
        if (thinkingBudget > 0) {
            return Math.max(DEFAULT_MAX_TOKENS, thinkingBudget + ANSWER_ROOM_AFTER_THINKING);
        }
        boolean claude3 = model.startsWith("claude-3-haiku") || model.startsWith("claude-3-sonnet")
                || model.startsWith("claude-3-opus");
        return claude3 ? CLAUDE_3_MAX_TOKENS : DEFAULT_MAX_TOKENS;
    }

    /** Temperature clamped into Claude's 0–1; {@code top_p} only without it (newer models take one of the two). */
    private static void sampling(JsonNode chat, ObjectNode claude) {
        JsonNode temperature = chat.path("temperature");
        if (!temperature.isMissingNode() && !temperature.isNull()) {
            if (!temperature.isNumber()) {
                throw refuse("`temperature` must be a number");
            }
            double value = temperature.asDouble();
            if (value > 1) {
                claude.put("temperature", 1);
            } else if (value < 0) {
                claude.put("temperature", 0);
            } else {
                claude.set("temperature", temperature);
            }
        }
        JsonNode topP = chat.path("top_p");
        if (!topP.isMissingNode() && !topP.isNull() && !claude.has("temperature")) {
            claude.set("top_p", topP);
        }
        JsonNode topK = chat.path("top_k");
        if (!topK.isMissingNode() && !topK.isNull()) {
            claude.set("top_k", topK);
        }
    }

    private static void stopSequences(JsonNode stop, ObjectNode claude) {
        if (stop.isMissingNode() || stop.isNull()) {
            return;
        }
        List<String> sequences = new ArrayList<>();
        if (stop.isTextual()) {
            sequences.add(stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode sequence : stop) {
                if (!sequence.isTextual()) {
                    throw refuse("`stop` must be a string or an array of strings");
                }
                sequences.add(sequence.asText());
            }
        } else {
            throw refuse("`stop` must be a string or an array of strings");
        }
        if (!sequences.isEmpty()) {
            ArrayNode array = claude.putArray("stop_sequences");
            sequences.forEach(array::add);
        }
    }

    private static void userId(JsonNode chat, ObjectNode claude) {
        JsonNode user = chat.path("user");
        if (!user.isTextual()) {
            user = chat.path("safety_identifier");
        }
        if (user.isTextual()) {
            claude.putObject("metadata").put("user_id", user.asText());
        }
    }

    private void tools(JsonNode chat, ObjectNode claude) {
        JsonNode tools = chat.path("tools");
        boolean hasTools = tools.isArray() && !tools.isEmpty();
        if (hasTools) {
            ArrayNode claudeTools = claude.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                claudeTools.add(tool(tools.get(i), "tools[" + i + "]"));
            }
        } else if (!tools.isMissingNode() && !tools.isNull() && !tools.isArray()) {
            throw refuse("`tools` must be an array");
        }

        ObjectNode choice = toolChoice(chat.path("tool_choice"), hasTools);
        if (chat.path("parallel_tool_calls").isBoolean() && !chat.path("parallel_tool_calls").asBoolean() && hasTools) {
            if (choice == null) {
                choice = json.createObjectNode().put("type", "auto");
            }
            if (!choice.path("type").asText().equals("none")) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            claude.set("tool_choice", choice);
        }
    }

    private ObjectNode tool(JsonNode tool, String where) {
        String type = tool.path("type").asText("function");
        if (!type.equals("function")) {
            throw refuse(where + ": `" + type + "` tools cannot be expressed for a Claude model; only function tools");
        }
        JsonNode function = tool.path("function");
        if (!function.path("name").isTextual()) {
            throw refuse(where + ": a function tool needs `function.name`");
        }
        ObjectNode claudeTool = json.createObjectNode();
        claudeTool.put("name", function.path("name").asText());
        if (function.path("description").isTextual()) {
            claudeTool.put("description", function.path("description").asText());
        }
        JsonNode parameters = function.path("parameters");
        if (parameters.isObject()) {
            claudeTool.set("input_schema", parameters);
        } else {
            claudeTool.putObject("input_schema").put("type", "object").putObject("properties");
        }
        return claudeTool;
    }

    /** Claude's {@code tool_choice} for Chat's, or null when none was given or it changes nothing without tools. */
    private ObjectNode toolChoice(JsonNode choice, boolean hasTools) {
        if (choice.isMissingNode() || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            String type = switch (choice.asText()) {
                case "auto" -> "auto";
                case "none" -> "none";
                case "required" -> "any";
                default -> throw refuse("`tool_choice` must be auto, none, required or a function");
            };
            if (!hasTools) {
                if (type.equals("any")) {
                    throw refuse("`tool_choice` required needs `tools`");
                }
                return null;
            }
            return json.createObjectNode().put("type", type);
        }
        if (choice.path("type").asText().equals("function") && choice.path("function").path("name").isTextual()) {
            if (!hasTools) {
                throw refuse("`tool_choice` names a function but there are no `tools`");
            }
            return json.createObjectNode().put("type", "tool").put("name", choice.path("function").path("name").asText());
        }
        throw refuse("`tool_choice` " + choice.path("type").asText() + " cannot be expressed for a Claude model");
    }

    private static TranslationException refuse(String message) {
        return new TranslationException(message);
    }

    /**
     * The messages as Claude wants them: system and developer messages hoisted into {@code system}, tool
     * messages as {@code tool_result} blocks of a user turn, and consecutive messages that land on the same
     * role merged into one turn (rule 9).
     */
    private final class Conversation {
        final ArrayNode system = json.createArrayNode();
        final ArrayNode turns = json.createArrayNode();
        final Set<String> answeredCalls = new HashSet<>();
        boolean hasToolUse;
        private Turn open;

        void add(JsonNode message, String where) {
            if (!message.isObject()) {
                throw refuse(where + " must be an object");
            }
            checkMessageFields(message, where);
            String role = message.path("role").asText("");
            switch (role) {
                case "system", "developer" -> systemText(message.path("content"), where);
                case "user" -> user(message.path("content"), where);
                case "assistant" -> assistant(message, where);
                case "tool" -> {
                    ObjectNode result = toolResult(message, where);
                    if (result != null) {
                        turn("user").addBlocks(List.of(result));
                    }
                }
                case "function" -> throw refuse(where + ": `function` messages (the deprecated functions API) are not"
                        + " translated; send tool messages");
                default -> throw refuse(where + ": unknown role `" + role + "`");
            }
        }

        ArrayNode finish() {
            if (open != null) {
                turns.add(open.toMessage());
                open = null;
            }
            return turns;
        }

        private void checkMessageFields(JsonNode message, String where) {
            for (Map.Entry<String, JsonNode> field : message.properties()) {
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "role", "content", "tool_calls", "tool_call_id", "refusal" -> {
                        // mapped
                    }
                    // What an app echoes back of an earlier answer: citations, and reasoning Claude cannot take
                    // back unsigned.
                    case "annotations", "reasoning_content", "reasoning" -> {
                    }
                    case "name" -> {
                        if (!value.isNull()) {
                            throw refuse(where + ".name: participant names cannot be expressed for a Claude model");
                        }
                    }
                    case "audio" -> {
                        if (!value.isNull()) {
                            throw refuse(where + ".audio: Claude models take no audio");
                        }
                    }
                    case "function_call" -> {
                        if (!value.isNull()) {
                            throw refuse(where + ".function_call (the deprecated functions API) is not translated;"
                                    + " send tool_calls");
                        }
                    }
                    default -> {
                        if (!value.isNull()) {
                            throw refuse(where + "." + field.getKey() + " cannot be expressed for a Claude model");
                        }
                    }
                }
            }
        }

        private Turn turn(String role) {
            if (open != null && open.role.equals(role)) {
                return open;
            }
            if (open != null) {
                turns.add(open.toMessage());
            }
            open = new Turn(role);
            return open;
        }

        private void systemText(JsonNode content, String where) {
            if (content.isTextual()) {
                if (!content.asText().isEmpty()) {
                    system.add(textBlock(content.asText()));
                }
                return;
            }
            if (!content.isArray()) {
                throw refuse(where + ".content must be a string or an array of text parts");
            }
            for (JsonNode part : content) {
                if (!part.path("type").asText().equals("text")) {
                    throw refuse(where + ": a system message holds text parts only");
                }
                if (!part.path("text").asText("").isEmpty()) {
                    system.add(textBlock(part.path("text").asText()));
                }
            }
        }

        /** A user message: its string stays a string, its parts become blocks; nothing when it is empty. */
        private void user(JsonNode content, String where) {
            if (content.isNull() || content.isMissingNode()) {
                return;
            }
            if (content.isTextual()) {
                if (!content.asText().isEmpty()) {
                    turn("user").addText(content.asText());
                }
                return;
            }
            if (!content.isArray()) {
                throw refuse(where + ".content must be a string or an array of parts");
            }
            List<JsonNode> blocks = new ArrayList<>();
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                String partWhere = where + ".content[" + i + "]";
                String type = part.path("type").asText("");
                switch (type) {
                    case "text" -> {
                        if (!part.path("text").asText("").isEmpty()) {
                            blocks.add(textBlock(part.path("text").asText()));
                        }
                    }
                    case "image_url" -> blocks.add(image(part.path("image_url"), partWhere));
                    case "file" -> blocks.add(document(part.path("file"), partWhere));
                    case "input_audio" -> throw refuse(partWhere + ": Claude models take no audio input");
                    default -> throw refuse(partWhere + ": `" + type + "` parts cannot be expressed for a Claude model");
                }
            }
            if (!blocks.isEmpty()) {
                turn("user").addBlocks(blocks);
            }
        }

        private void assistant(JsonNode message, String where) {
            List<JsonNode> blocks = new ArrayList<>();
            String onlyText = null;
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                if (!content.asText().isEmpty()) {
                    onlyText = content.asText();
                    blocks.add(textBlock(onlyText));
                }
            } else if (content.isArray()) {
                for (int i = 0; i < content.size(); i++) {
                    JsonNode part = content.get(i);
                    String type = part.path("type").asText("");
                    String text = switch (type) {
                        case "text" -> part.path("text").asText("");
                        case "refusal" -> part.path("refusal").asText("");
                        default -> throw refuse(where + ".content[" + i + "]: `" + type
                                + "` parts cannot be expressed in a Claude assistant turn");
                    };
                    if (!text.isEmpty()) {
                        blocks.add(textBlock(text));
                    }
                }
            } else if (!content.isNull() && !content.isMissingNode()) {
                throw refuse(where + ".content must be a string, an array of parts or null");
            }
            JsonNode refusal = message.path("refusal");
            if (refusal.isTextual() && !refusal.asText().isEmpty()) {
                blocks.add(textBlock(refusal.asText()));
                onlyText = null;
            }
            JsonNode calls = message.path("tool_calls");
            if (calls.isArray()) {
                for (int i = 0; i < calls.size(); i++) {
                    blocks.add(toolUse(calls.get(i), where + ".tool_calls[" + i + "]"));
                    onlyText = null;
                    hasToolUse = true;
                }
            }
            if (blocks.isEmpty()) {
                return;
            }
            if (onlyText != null) {
                turn("assistant").addText(onlyText);
            } else {
                turn("assistant").addBlocks(blocks);
            }
        }

        private ObjectNode toolUse(JsonNode call, String where) {
            String type = call.path("type").asText("function");
            if (!type.equals("function")) {
                throw refuse(where + ": `" + type + "` tool calls cannot be expressed for a Claude model");
            }
            String id = call.path("id").asText("");
            if (id.isEmpty()) {
                throw refuse(where + ": a tool call needs its `id`");
            }
            JsonNode function = call.path("function");
            ObjectNode block = json.createObjectNode();
            block.put("type", "tool_use");
            block.put("id", id);
            block.put("name", function.path("name").asText(""));
            block.set("input", arguments(function.path("arguments"), where));
            return block;
        }

        private JsonNode arguments(JsonNode arguments, String where) {
            if (arguments.isObject()) {
                return arguments;
            }
            String text = arguments.isTextual() ? arguments.asText() : "";
            if (text.isBlank()) {
                return json.createObjectNode();
            }
            JsonNode parsed;
            try {
                parsed = json.readTree(text);
            } catch (JsonProcessingException e) {
                throw refuse(where + ".function.arguments is not JSON: Claude needs the tool call's input as an object");
            }
            if (parsed == null || !parsed.isObject()) {
                throw refuse(where + ".function.arguments must be a JSON object");
            }
            return parsed;
        }

        /** A tool message as a {@code tool_result} block; null for a repeated answer to the same call. */
        private ObjectNode toolResult(JsonNode message, String where) {
            String id = message.path("tool_call_id").asText("");
            if (id.isEmpty()) {
                throw refuse(where + ": a tool message needs its `tool_call_id`");
            }
            if (!answeredCalls.add(id)) {
                return null;
            }
            ObjectNode block = json.createObjectNode();
            block.put("type", "tool_result");
            block.put("tool_use_id", id);
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                if (!content.asText().isEmpty()) {
                    block.put("content", content.asText());
                }
            } else if (content.isArray()) {
                ArrayNode blocks = json.createArrayNode();
                for (int i = 0; i < content.size(); i++) {
                    JsonNode part = content.get(i);
                    String type = part.path("type").asText("");
                    switch (type) {
                        case "text" -> {
                            if (!part.path("text").asText("").isEmpty()) {
                                blocks.add(textBlock(part.path("text").asText()));
                            }
                        }
                        case "image_url" -> blocks.add(image(part.path("image_url"), where + ".content[" + i + "]"));
                        default -> throw refuse(where + ".content[" + i + "]: `" + type
                                + "` parts cannot be expressed in a tool result");
                    }
                }
                if (!blocks.isEmpty()) {
                    block.set("content", blocks);
                }
            } else if (!content.isNull() && !content.isMissingNode()) {
                throw refuse(where + ".content must be a string or an array of text parts");
            }
            return block;
        }

        private ObjectNode image(JsonNode imageUrl, String where) {
            String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
            ObjectNode block = json.createObjectNode();
            block.put("type", "image");
            ObjectNode source = block.putObject("source");
            if (url.startsWith("data:")) {
                DataUrl data = DataUrl.parse(url)
                        .orElseThrow(() -> refuse(where + ": an image data URL must be data:<type>;base64,<data>"));
                source.put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
            } else if (url.startsWith("https://") || url.startsWith("http://")) {
                source.put("type", "url").put("url", url);
            } else {
                throw refuse(where + ": an image must be an http(s) URL or a base64 data URL");
            }
            return block;
        }

        private ObjectNode document(JsonNode file, String where) {
            if (!file.path("file_data").isTextual()) {
                throw refuse(where + ": files are translated from `file_data` only, not `file_id`");
            }
            DataUrl data = DataUrl.parse(file.path("file_data").asText())
                    .filter(d -> d.mediaType().equals("application/pdf"))
                    .orElseThrow(() -> refuse(where + ": Claude takes PDF files only, as data:application/pdf;base64,<data>"));
            ObjectNode block = json.createObjectNode();
            block.put("type", "document");
            block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
            if (file.path("filename").isTextual()) {
                block.put("title", file.path("filename").asText());
            }
            return block;
        }

        private ObjectNode textBlock(String text) {
            return json.createObjectNode().put("type", "text").put("text", text);
        }

        /**
         * One Claude turn being gathered from consecutive Chat messages of its role. It stays a string when it
         * came from exactly one message whose content was a string (rule 7).
         */
        private final class Turn {
            final String role;
            final List<JsonNode> blocks = new ArrayList<>();
            String onlyString;
            int contributions;

            Turn(String role) {
                this.role = role;
            }

            /** Adds one message's string content. */
            void addText(String text) {
                onlyString = contributions == 0 ? text : null;
                contributions++;
                blocks.add(textBlock(text));
            }

            /** Adds one message's content blocks. */
            void addBlocks(List<JsonNode> messageBlocks) {
                onlyString = null;
                contributions++;
                blocks.addAll(messageBlocks);
            }

            ObjectNode toMessage() {
                ObjectNode message = json.createObjectNode();
                message.put("role", role);
                if (onlyString != null) {
                    message.put("content", onlyString);
                    return message;
                }
                ArrayNode content = message.putArray("content");
                // Claude wants a turn's tool results before anything else in it.
                blocks.stream().filter(Turn::isToolResult).forEach(content::add);
                blocks.stream().filter(block -> !isToolResult(block)).forEach(content::add);
                return message;
            }

            private static boolean isToolResult(JsonNode block) {
                return block.path("type").asText().equals("tool_result");
            }
        }
    }
}
