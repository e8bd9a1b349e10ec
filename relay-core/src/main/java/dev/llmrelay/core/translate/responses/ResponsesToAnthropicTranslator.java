package dev.llmrelay.core.translate.responses;

import dev.llmrelay.core.translate.json.JsonTrees;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import java.time.Clock;
import java.util.Objects;

/**
 * An OpenAI Responses client on an Anthropic account (Codex CLI, the OpenAI SDKs on Claude models): the
 * Responses request becomes a Messages request, the message or its stream comes back as a {@code response} and
 * the Responses events Codex reads, ending with {@code response.completed} and integer usage.
 *
 * <p>Mapped as the shared vectors' Mapping decisions say: {@code instructions}, then system and developer
 * items, to {@code system}; message, function_call and function_call_output items to turns (ids kept, calls of
 * one turn in one assistant message, results first in one user message); a reasoning item with
 * {@code encrypted_content} to a thinking block signed with it, which round-trips the reasoning items this
 * translator makes of Claude's thinking; flat function tools; {@code reasoning.effort} low to xhigh to a
 * thinking budget, unless the history or a forced tool choice would make Anthropic reject thinking;
 * {@code max_output_tokens}, else a default per model. {@code store}, {@code include},
 * {@code prompt_cache_key}, {@code text.verbosity}, {@code truncation} and {@code metadata} are dropped.
 *
 * <p>The hosted {@code web_search} tool is dropped when function tools come with it: Codex CLI sends it on
 * every request, so refusing it would make Codex unusable on Claude accounts, while without it Claude answers
 * without searching the web. Refused (400 in OpenAI's shape, before any upstream call): every other hosted tool
 * ({@code local_shell}, {@code custom}, {@code file_search}, ...), {@code web_search} with no function tools,
 * hosted tool choices, {@code previous_response_id}, {@code conversation}, stored prompts, {@code background},
 * JSON text formats, {@code top_logprobs}, files and images by {@code file_id}, and input items other than
 * messages, function calls and outputs, and reasoning (custom and shell tool calls, item references).
 */
public final class ResponsesToAnthropicTranslator implements ProtocolTranslator {
    private final JsonTrees json = new JsonTrees();
    private final Clock clock;

    public ResponsesToAnthropicTranslator() {
        this(Clock.systemUTC());
    }

    /** A translator dating its responses ({@code created_at}) by {@code clock}. */
    public ResponsesToAnthropicTranslator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Protocol client() {
        return Protocol.OPENAI_RESPONSES;
    }

    @Override
    public Protocol upstream() {
        return Protocol.ANTHROPIC_MESSAGES;
    }

    @Override
    public byte[] translateRequest(byte[] clientBody, TranslationContext context) {
        var request = json.readObject(clientBody, "the request body");
        return json.writeBytes(new ResponsesRequestToClaude(json).translate(request, context));
    }

    @Override
    public byte[] translateResponse(byte[] upstreamBody, TranslationContext context) {
        var message = json.readObject(upstreamBody, "the upstream answer");
        return json.writeBytes(ClaudeAnswerToResponse.translate(message, context, clock.instant().getEpochSecond(), json));
    }

    @Override
    public StreamTranslation newStreamTranslation(TranslationContext context) {
        return new ClaudeStreamToResponses(json, context, clock.instant().getEpochSecond());
    }
}
