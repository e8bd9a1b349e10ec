package dev.llmrelay.core.translate;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.core.route.Operation;
import dev.llmrelay.core.route.PathParameters;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one request goes to one account: in which protocol, as which operation with which path parameters,
 * and through which translator when the account does not speak the client's protocol.
 */
public record UpstreamPlan(Protocol protocol, Operation operation, PathParameters parameters,
                           Optional<ProtocolTranslator> translator) {

    private static final Set<String> GENERATION_METHODS = Set.of("generateContent", "streamGenerateContent");

    public UpstreamPlan {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(translator, "translator");
    }

    /**
     * The plan for a request of {@code clientProtocol} to {@code account}: as it came when the account speaks
     * the protocol, else translated (only for generation calls: a token count or a Code Assist set-up call
     * has no counterpart in another protocol).
     */
    public static Optional<UpstreamPlan> choose(Protocol clientProtocol, Operation operation, PathParameters parameters,
                                                String upstreamModel, boolean stream, Account account,
                                                Translators translators) {
        if (account.protocols().contains(clientProtocol)) {
            return Optional.of(new UpstreamPlan(clientProtocol, operation, parameters, Optional.empty()));
        }
        if (!isGeneration(operation, parameters)) {
            return Optional.empty();
        }
        return account.protocols().stream().sorted()
                .flatMap(protocol -> translators.find(clientProtocol, protocol).stream())
                .findFirst()
                .map(translator -> translated(translator, upstreamModel, stream));
    }

    /** Whether the call asks for an answer from a model (and so can be translated). */
    public static boolean isGeneration(Operation operation, PathParameters parameters) {
        return switch (operation) {
            case MESSAGES, CHAT_COMPLETIONS, RESPONSES, GENERATE_CONTENT, STREAM_GENERATE_CONTENT -> true;
            case CODE_ASSIST -> parameters.method().map(GENERATION_METHODS::contains).orElse(false);
            case COUNT_TOKENS, GEMINI_COUNT_TOKENS, LIST_MODELS -> false;
        };
    }

    private static UpstreamPlan translated(ProtocolTranslator translator, String upstreamModel, boolean stream) {
        String method = stream ? "streamGenerateContent" : "generateContent";
        return switch (translator.upstream()) {
            case ANTHROPIC_MESSAGES -> new UpstreamPlan(translator.upstream(), Operation.MESSAGES, PathParameters.NONE,
                    Optional.of(translator));
            case OPENAI_CHAT -> new UpstreamPlan(translator.upstream(), Operation.CHAT_COMPLETIONS, PathParameters.NONE,
                    Optional.of(translator));
            case OPENAI_RESPONSES -> new UpstreamPlan(translator.upstream(), Operation.RESPONSES, PathParameters.NONE,
                    Optional.of(translator));
            case GEMINI -> new UpstreamPlan(translator.upstream(),
                    stream ? Operation.STREAM_GENERATE_CONTENT : Operation.GENERATE_CONTENT,
                    new PathParameters(Optional.of("v1beta"), Optional.of(upstreamModel), Optional.of(method)),
                    Optional.of(translator));
            case GEMINI_CODE_ASSIST -> new UpstreamPlan(translator.upstream(), Operation.CODE_ASSIST,
                    new PathParameters(Optional.empty(), Optional.empty(), Optional.of(method)), Optional.of(translator));
        };
    }
}
