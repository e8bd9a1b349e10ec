package dev.llmrelay.core.translate.responses;

import dev.llmrelay.core.catalog.OutputLimits;
import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.core.translate.json.ClaudeDefaults;
import static dev.llmrelay.core.translate.json.JsonTrees.has;
import static dev.llmrelay.core.translate.json.JsonTrees.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One OpenAI Responses request as an Anthropic Messages request (the mapping of §5.11). */
final class ResponsesRequestToClaude {
    /** Thinking budgets by reasoning effort; each is capped to leave 1,024 tokens of {@code max_tokens} for the answer. */
    private static final Map<String, Integer> THINKING_BUDGETS =
            Map.of("low", 2048, "medium", 8192, "high", 16_384, "xhigh", 24_576);
    private static final int MIN_THINKING_BUDGET = 1024;
    /**
     * Tools Codex CLI always sends beside its function tools, dropped when function tools come with them: the
     * hosted web search, and the {@code namespace} of sub-agent tools (0.169 and later).
     */
    private static final Set<String> DROPPED_BESIDE_FUNCTIONS = Set.of("web_search", "web_search_preview", "namespace");

    private final JsonTrees json;
    private final ArrayNode system = JsonTrees.array();
    private final List<Turn> turns = new ArrayList<>();

    /** One Anthropic message being built: string content while it is one string, else blocks. */
    private static final class Turn {
        final String role;
        String text;
        List<JsonNode> blocks;

        Turn(String role, String text, List<JsonNode> blocks) {
            this.role = role;
            this.text = text;
            this.blocks = blocks;
        }

        List<JsonNode> blocks() {
            if (blocks == null) {
                blocks = new ArrayList<>();
                blocks.add(textBlock(text));
                text = null;
            }
            return blocks;
        }
    }

    ResponsesRequestToClaude(JsonTrees json) {
        this.json = json;
    }

    ObjectNode translate(ObjectNode request, TranslationContext context) {
        refuseWhatClaudeCannotExpress(request);
        addSystemText(text(request, "instructions"));
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            addText("user", input.asText());
        } else {
            input.forEach(this::item);
        }
        ObjectNode claude = JsonTrees.object();
        claude.put("model", context.upstreamModel());
        if (!system.isEmpty()) {
            claude.set("system", system);
        }
        ArrayNode messages = messages();
        claude.set("messages", messages);
        ArrayNode tools = tools(request.path("tools"));
        Optional<ObjectNode> toolChoice = Optional.empty();
        if (!tools.isEmpty()) {
            claude.set("tools", tools);
            toolChoice = toolChoice(request.path("tool_choice"), request.path("parallel_tool_calls"));
            toolChoice.ifPresent(choice -> claude.set("tool_choice", choice));
        } else {
            refuseHostedToolChoice(request.path("tool_choice"));
        }
        JsonNode maxOutput = request.path("max_output_tokens");
        int maxTokens = OutputLimits.clamp(context.upstreamModel(),
                maxOutput.isNumber() ? maxOutput.asInt() : ClaudeDefaults.maxTokens(context.upstreamModel()));
        claude.put("max_tokens", maxTokens);
        boolean forcesTool = toolChoice.map(choice -> Set.of("any", "tool").contains(text(choice, "type"))).orElse(false);
        Optional<Integer> budget = thinkingBudget(request.path("reasoning"), maxTokens);
        if (budget.isPresent() && !forcesTool && lastToolUseTurnStartsWithThinking(messages)) {
            claude.putObject("thinking").put("type", "enabled").put("budget_tokens", budget.get());
        } else if (request.path("temperature").isNumber()) {
            claude.set("temperature", ClaudeDefaults.temperature(request.path("temperature")));
        } else if (request.path("top_p").isNumber()) {
            claude.set("top_p", request.path("top_p"));
        }
        if (context.stream()) {
            claude.put("stream", true);
        }
        return claude;
    }

    private static void refuseWhatClaudeCannotExpress(ObjectNode request) {
        if (!text(request, "previous_response_id").isEmpty()) {
            throw new TranslationException("previous_response_id cannot be served on an Anthropic account: the relay keeps no "
                    + "earlier responses; send the whole conversation in input (store: false)");
        }
        if (has(request, "conversation")) {
            throw new TranslationException("conversation cannot be served on an Anthropic account; send the whole conversation in input");
        }
        if (has(request, "prompt")) {
            throw new TranslationException("stored prompts cannot be served on an Anthropic account");
        }
        if (request.path("background").asBoolean(false)) {
            throw new TranslationException("background responses cannot be served on an Anthropic account");
        }
        String format = text(request.path("text").path("format"), "type");
        if (!format.isEmpty() && !format.equals("text")) {
            throw new TranslationException("the text format " + format + " cannot be expressed in Anthropic Messages");
        }
        if (request.path("top_logprobs").asInt(0) > 0) {
            throw new TranslationException("top_logprobs cannot be expressed in Anthropic Messages");
        }
    }

    private void item(JsonNode item) {
        String type = text(item, "type");
        if (type.isEmpty() && has(item, "role")) {
            type = "message";
        }
        switch (type) {
            case "message" -> message(item);
            case "function_call" -> addBlocks("assistant", List.of(toolUse(item)));
            case "function_call_output" -> addBlocks("user", List.of(toolResult(item)));
            case "reasoning" -> {
                String signature = text(item, "encrypted_content");
                if (!signature.isEmpty()) {
                    StringBuilder thinking = new StringBuilder();
                    item.path("summary").forEach(summary -> thinking.append(text(summary, "text")));
                    ObjectNode block = JsonTrees.object().put("type", "thinking").put("thinking", thinking.toString());
                    block.put("signature", signature);
                    addBlocks("assistant", List.of(block));
                }
            }
            default -> throw new TranslationException("input items of type " + type + " cannot be expressed in Anthropic Messages");
        }
    }

    private void message(JsonNode message) {
        String role = text(message, "role");
        JsonNode content = message.path("content");
        switch (role) {
            case "system", "developer" -> {
                if (content.isTextual()) {
                    addSystemText(content.asText());
                } else {
                    for (JsonNode part : content) {
                        if (!Set.of("input_text", "text").contains(text(part, "type"))) {
                            throw new TranslationException("a " + role + " message holding " + text(part, "type")
                                    + " cannot be expressed in Anthropic Messages");
                        }
                        addSystemText(text(part, "text"));
                    }
                }
            }
            case "user", "assistant" -> {
                if (content.isTextual()) {
                    addText(role, content.asText());
                } else {
                    List<JsonNode> blocks = new ArrayList<>();
                    content.forEach(part -> contentBlock(part).ifPresent(blocks::add));
                    addBlocks(role, blocks);
                }
            }
            default -> throw new TranslationException("messages of role " + role + " cannot be expressed in Anthropic Messages");
        }
    }

    private static Optional<JsonNode> contentBlock(JsonNode part) {
        String type = text(part, "type");
        return switch (type) {
            case "input_text", "output_text", "text" -> text(part, "text").isEmpty() ? Optional.empty()
                    : Optional.of(textBlock(text(part, "text")));
            case "refusal" -> text(part, "refusal").isEmpty() ? Optional.empty() : Optional.of(textBlock(text(part, "refusal")));
            case "input_image" -> Optional.of(image(part));
            case "input_file" -> Optional.of(document(part));
            default -> throw new TranslationException("content of type " + type + " cannot be expressed in Anthropic Messages");
        };
    }

    private static ObjectNode textBlock(String text) {
        return JsonTrees.object().put("type", "text").put("text", text);
    }

    /** An image from a {@code data:} URL (base64) or an http(s) URL; uploaded files are not reachable from Anthropic. */
    private static JsonNode image(JsonNode part) {
        String url = text(part, "image_url");
        ObjectNode block = JsonTrees.object().put("type", "image");
        if (url.startsWith("data:")) {
            block.set("source", base64Source(url, "image"));
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            block.putObject("source").put("type", "url").put("url", url);
        } else {
            throw new TranslationException("images by file_id cannot be expressed in Anthropic Messages; send a data: or https: URL");
        }
        return block;
    }

    /** A file as a document: its {@code file_data} (a {@code data:} URL) or its {@code file_url}. */
    private static JsonNode document(JsonNode part) {
        ObjectNode block = JsonTrees.object().put("type", "document");
        String data = text(part, "file_data");
        String url = text(part, "file_url");
        if (data.startsWith("data:")) {
            block.set("source", base64Source(data, "file"));
        } else if (!data.isEmpty() && text(part, "filename").toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            block.putObject("source").put("type", "base64").put("media_type", "application/pdf").put("data", data);
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            block.putObject("source").put("type", "url").put("url", url);
        } else {
            throw new TranslationException("files by file_id cannot be expressed in Anthropic Messages; send file_data");
        }
        if (!text(part, "filename").isEmpty()) {
            block.put("title", text(part, "filename"));
        }
        return block;
    }

    private static ObjectNode base64Source(String dataUrl, String what) {
        int comma = dataUrl.indexOf(',');
        String header = comma < 0 ? "" : dataUrl.substring("data:".length(), comma);
        if (!header.endsWith(";base64")) {
            throw new TranslationException("a " + what + " data: URL must be base64");
        }
        return JsonTrees.object().put("type", "base64").put("media_type", header.substring(0, header.length() - ";base64".length()))
                .put("data", dataUrl.substring(comma + 1));
    }

    private JsonNode toolUse(JsonNode call) {
        String arguments = text(call, "arguments");
        JsonNode input = arguments.isBlank() ? JsonTrees.object()
                : json.readValue(arguments, "the arguments of function call " + text(call, "call_id"));
        if (!input.isObject()) {
            throw new TranslationException("the arguments of function call " + text(call, "call_id") + " are not a JSON object");
        }
        ObjectNode block = JsonTrees.object().put("type", "tool_use").put("id", text(call, "call_id")).put("name", text(call, "name"));
        block.set("input", input);
        return block;
    }

    private static JsonNode toolResult(JsonNode output) {
        ObjectNode block = JsonTrees.object().put("type", "tool_result").put("tool_use_id", text(output, "call_id"));
        JsonNode content = output.path("output");
        if (content.isArray()) {
            ArrayNode blocks = block.putArray("content");
            content.forEach(part -> contentBlock(part).ifPresent(blocks::add));
        } else {
            block.put("content", content.asText(""));
        }
        return block;
    }

    private void addSystemText(String text) {
        if (!text.isEmpty()) {
            system.add(textBlock(text));
        }
    }

    private void addText(String role, String text) {
        if (text.isEmpty()) {
            return;
        }
        Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && last.role.equals(role)) {
            last.blocks().add(textBlock(text));
        } else {
            turns.add(new Turn(role, text, null));
        }
    }

    private void addBlocks(String role, List<JsonNode> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && last.role.equals(role)) {
            last.blocks().addAll(blocks);
        } else {
            turns.add(new Turn(role, null, new ArrayList<>(blocks)));
        }
    }

    private ArrayNode messages() {
        ArrayNode messages = JsonTrees.array();
        for (Turn turn : turns) {
            ObjectNode message = messages.addObject().put("role", turn.role);
            if (turn.blocks == null) {
                message.put("content", turn.text);
                continue;
            }
            ArrayNode content = message.putArray("content");
            if (turn.role.equals("user")) {
                turn.blocks.stream().filter(ResponsesRequestToClaude::isToolResult).forEach(content::add);
                turn.blocks.stream().filter(block -> !isToolResult(block)).forEach(content::add);
            } else {
                content.addAll(turn.blocks);
            }
        }
        return messages;
    }

    private static boolean isToolResult(JsonNode block) {
        return text(block, "type").equals("tool_result");
    }

    /**
     * Flat function tools as Anthropic tools. The hosted {@code web_search} tool and Codex's {@code namespace}
     * of sub-agent tools are dropped when function tools come with them: Codex CLI sends both with every
     * request, and refusing them would leave Codex unusable on Claude accounts, while without them Claude
     * answers without searching or spawning sub-agents. (A namespace's tools would need names that map back
     * to {@code name} plus {@code namespace} in the answer, which a stateless translation cannot keep.) Alone,
     * they are refused, as is every other hosted tool.
     */
    private static ArrayNode tools(JsonNode tools) {
        boolean hasFunctions = false;
        for (JsonNode tool : tools) {
            hasFunctions |= text(tool, "type").equals("function");
        }
        ArrayNode claudeTools = JsonTrees.array();
        for (JsonNode tool : tools) {
            String type = text(tool, "type");
            if (type.equals("function")) {
                ObjectNode claudeTool = claudeTools.addObject().put("name", text(tool, "name"));
                if (!text(tool, "description").isEmpty()) {
                    claudeTool.put("description", text(tool, "description"));
                }
                if (tool.path("parameters").isObject()) {
                    claudeTool.set("input_schema", tool.path("parameters"));
                } else {
                    claudeTool.putObject("input_schema").put("type", "object").putObject("properties");
                }
            } else if (!(DROPPED_BESIDE_FUNCTIONS.contains(type) && hasFunctions)) {
                throw new TranslationException("the hosted tool " + type + " cannot be served on an Anthropic account");
            }
        }
        return claudeTools;
    }

    private static Optional<ObjectNode> toolChoice(JsonNode choice, JsonNode parallel) {
        ObjectNode claudeChoice = JsonTrees.object();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> claudeChoice.put("type", "auto");
                case "required" -> claudeChoice.put("type", "any");
                case "none" -> claudeChoice.put("type", "none");
                default -> throw new TranslationException("tool_choice " + choice.asText() + " cannot be expressed in Anthropic Messages");
            }
        } else if (choice.isObject()) {
            if (!text(choice, "type").equals("function")) {
                throw new TranslationException("tool_choice of type " + text(choice, "type") + " cannot be expressed in Anthropic Messages");
            }
            claudeChoice.put("type", "tool").put("name", text(choice, "name"));
        }
        if (parallel.isBoolean() && !parallel.asBoolean() && !text(claudeChoice, "type").equals("none")) {
            if (claudeChoice.isEmpty()) {
                claudeChoice.put("type", "auto");
            }
            claudeChoice.put("disable_parallel_tool_use", true);
        }
        return claudeChoice.isEmpty() ? Optional.empty() : Optional.of(claudeChoice);
    }

    private static void refuseHostedToolChoice(JsonNode choice) {
        if (choice.isObject() && !text(choice, "type").equals("function")) {
            throw new TranslationException("tool_choice of type " + text(choice, "type") + " cannot be expressed in Anthropic Messages");
        }
    }

    /** The thinking budget for the reasoning effort (rule 6), none for minimal, none or no effort. */
    private static Optional<Integer> thinkingBudget(JsonNode reasoning, int maxTokens) {
        Integer budget = THINKING_BUDGETS.get(text(reasoning, "effort"));
        if (budget == null) {
            return Optional.empty();
        }
        int capped = Math.min(budget, maxTokens - MIN_THINKING_BUDGET);
        return capped < MIN_THINKING_BUDGET ? Optional.empty() : Optional.of(capped);
    }

    /**
     * Whether Anthropic will take thinking with this history: it rejects it when the last assistant turn holding
     * tool_use does not start with its thinking block (a reasoning item without encrypted content, or from another
     * provider, leaves none).
     */
    private static boolean lastToolUseTurnStartsWithThinking(ArrayNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            JsonNode content = message.path("content");
            if (!text(message, "role").equals("assistant") || !content.isArray()) {
                continue;
            }
            boolean usesTools = false;
            for (JsonNode block : content) {
                usesTools |= text(block, "type").equals("tool_use");
            }
            if (usesTools) {
                return Set.of("thinking", "redacted_thinking").contains(text(content.path(0), "type"));
            }
        }
        return true;
    }
}
