package dev.llmrelay.core.translate.responseschat;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import java.time.Clock;
import java.util.Objects;

/**
 * An OpenAI Responses client on an OpenAI-compatible account that speaks Chat Completions only (Codex CLI,
 * which refuses {@code wire_api = "chat"}, on local and compatible models): the Responses request becomes a
 * Chat request, the completion or its chunks come back as a {@code response} and the Responses events Codex
 * reads, ending with {@code response.completed} and integer usage.
 *
 * <p>Mapped as the shared vectors' Mapping decisions say for Responses clients, toward Chat: {@code instructions}
 * and every system and developer item become one leading system message (texts joined by a blank line, as strict
 * chat templates want); user messages keep their text, images and {@code file_data} files; an assistant's text and
 * its function_call items of one turn become one assistant message with {@code tool_calls} (ids kept);
 * function_call_output items become tool messages, the images of an output a user message right after them;
 * reasoning items are dropped (a Chat upstream takes no reasoning back). Flat function tools become nested Chat
 * tools, {@code tool_choice} and {@code parallel_tool_calls: false} carry over, {@code max_output_tokens} becomes
 * {@code max_completion_tokens}, {@code reasoning.effort} {@code reasoning_effort}, a JSON {@code text.format}
 * {@code response_format}; a stream always asks for {@code stream_options.include_usage}. {@code store},
 * {@code include}, {@code prompt_cache_key}, {@code text.verbosity}, {@code reasoning.summary},
 * {@code truncation}, {@code metadata} and {@code service_tier} are dropped.
 *
 * <p>The hosted {@code web_search} tool and the {@code namespace} of sub-agent tools are dropped when function
 * tools come with them (Codex sends both on every request; the model then answers without searching or sub-agents).
 * Refused with a 400 in OpenAI's shape before any upstream call: every other hosted tool ({@code local_shell},
 * {@code custom}, {@code file_search}, ...), {@code web_search} or {@code namespace} alone, hosted tool choices, {@code previous_response_id}, {@code conversation}, stored prompts,
 * {@code background}, {@code top_logprobs}, {@code max_tool_calls}, images by {@code file_id}, files without
 * {@code file_data}, and input items other than messages, function calls and outputs, and reasoning (custom and
 * shell tool calls, item references).
 */
public final class ResponsesToChatTranslator implements ProtocolTranslator {
    private final JsonTrees json = new JsonTrees();
    private final Clock clock;

    public ResponsesToChatTranslator() {
        this(Clock.systemUTC());
    }

    /** A translator dating its responses ({@code created_at}) by {@code clock}. */
    public ResponsesToChatTranslator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Protocol client() {
        return Protocol.OPENAI_RESPONSES;
    }

    @Override
    public Protocol upstream() {
        return Protocol.OPENAI_CHAT;
    }

    @Override
    public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
        return json.writeBytes(new ResponsesRequestToChat().translate(json.readObject(clientBody, "the request body"), context));
    }

    @Override
    public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
        var completion = json.readObject(upstreamBody, "the upstream answer");
        return json.writeBytes(ChatAnswerToResponse.translate(completion, context, clock.instant().getEpochSecond()));
    }

    @Override
    public StreamTranslation newStreamTranslation(TranslationContext context) {
        return new ChatStreamToResponses(json, context, clock.instant().getEpochSecond());
    }
}
