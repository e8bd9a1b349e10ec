package dev.llmrelay.core.translate.gemini;

import dev.llmrelay.core.translate.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic {@code messages} built turn by turn: consecutive turns of one role merge into one message (blocks
 * in source order), and in a user message the {@code tool_result} blocks come first, as Anthropic requires.
 */
final class ClaudeMessages {
    private final List<String> roles = new ArrayList<>();
    private final List<List<JsonNode>> contents = new ArrayList<>();

    /** Adds the blocks of one turn; a turn without blocks adds nothing. */
    void add(String role, List<JsonNode> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        int last = roles.size() - 1;
        if (last >= 0 && roles.get(last).equals(role)) {
            contents.get(last).addAll(blocks);
        } else {
            roles.add(role);
            contents.add(new ArrayList<>(blocks));
        }
    }

    ArrayNode toJson() {
        ArrayNode messages = JsonTrees.array();
        for (int i = 0; i < roles.size(); i++) {
            ArrayNode content = JsonTrees.array();
            List<JsonNode> blocks = contents.get(i);
            if (roles.get(i).equals("user")) {
                blocks.stream().filter(ClaudeMessages::isToolResult).forEach(content::add);
                blocks.stream().filter(block -> !isToolResult(block)).forEach(content::add);
            } else {
                content.addAll(blocks);
            }
            ObjectNode message = messages.addObject();
            message.put("role", roles.get(i));
            message.set("content", content);
        }
        return messages;
    }

    private static boolean isToolResult(JsonNode block) {
        return JsonTrees.text(block, "type").equals("tool_result");
    }
}
