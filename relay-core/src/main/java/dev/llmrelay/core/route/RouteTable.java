package dev.llmrelay.core.route;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.protocol.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a client's path (below the server root) to a {@link Route}. The prefixes are the contract's base
 * URLs: {@code /claude} (alias {@code /api}), {@code /openai/v1}, {@code /gemini}, and {@code /droid/claude}
 * and {@code /droid/openai/v1} for Droid accounts.
 */
public final class RouteTable {
    private static final Pattern GEMINI_MODEL_METHOD =
            Pattern.compile("/gemini/(v1beta|v1)/models/([A-Za-z0-9._-]+):([A-Za-z]+)");
    private static final Pattern CODE_ASSIST_METHOD = Pattern.compile("/gemini/v1internal:([A-Za-z]+)");

    private final Map<String, Route> routesByPath = new LinkedHashMap<>();
    private final Map<String, Route> geminiMethods = new LinkedHashMap<>();
    private final Route codeAssist;

    private RouteTable() {
        Set<Platform> gemini = Set.of(Platform.GEMINI);
        geminiMethods.put("generateContent", new Route(Operation.GENERATE_CONTENT, Protocol.GEMINI, Service.GEMINI, gemini));
        geminiMethods.put("streamGenerateContent",
                new Route(Operation.STREAM_GENERATE_CONTENT, Protocol.GEMINI, Service.GEMINI, gemini));
        geminiMethods.put("countTokens", new Route(Operation.GEMINI_COUNT_TOKENS, Protocol.GEMINI, Service.GEMINI, gemini));
        codeAssist = new Route(Operation.CODE_ASSIST, Protocol.GEMINI_CODE_ASSIST, Service.GEMINI, gemini);
    }

    /** The routes of the contract. */
    public static RouteTable standard() {
        var table = new RouteTable();
        for (String prefix : new String[] {"/claude", "/api"}) {
            table.addAnthropic(prefix, Service.CLAUDE, Set.of(Platform.CLAUDE));
        }
        table.addAnthropic("/droid/claude", Service.DROID, Set.of(Platform.DROID));
        table.addOpenAi("/openai/v1", Service.OPENAI, Set.of(Platform.OPENAI, Platform.OPENAI_COMPATIBLE));
        table.addOpenAi("/droid/openai/v1", Service.DROID, Set.of(Platform.DROID));
        for (String version : new String[] {"v1beta", "v1"}) {
            table.routesByPath.put("/gemini/" + version + "/models",
                    new Route(Operation.LIST_MODELS, Protocol.GEMINI, Service.GEMINI, Set.of(Platform.GEMINI)));
        }
        return table;
    }

    private void addAnthropic(String prefix, Service service, Set<Platform> platforms) {
        routesByPath.put(prefix + "/v1/messages", new Route(Operation.MESSAGES, Protocol.ANTHROPIC_MESSAGES, service, platforms));
        routesByPath.put(prefix + "/v1/messages/count_tokens",
                new Route(Operation.COUNT_TOKENS, Protocol.ANTHROPIC_MESSAGES, service, platforms));
        routesByPath.put(prefix + "/v1/models", new Route(Operation.LIST_MODELS, Protocol.ANTHROPIC_MESSAGES, service, platforms));
    }

    private void addOpenAi(String prefix, Service service, Set<Platform> platforms) {
        routesByPath.put(prefix + "/chat/completions",
                new Route(Operation.CHAT_COMPLETIONS, Protocol.OPENAI_CHAT, service, platforms));
        routesByPath.put(prefix + "/responses", new Route(Operation.RESPONSES, Protocol.OPENAI_RESPONSES, service, platforms));
        routesByPath.put(prefix + "/models", new Route(Operation.LIST_MODELS, Protocol.OPENAI_CHAT, service, platforms));
    }

    /** The route for {@code method} and {@code path}; a trailing slash is ignored. */
    public RouteMatch resolve(String method, String path) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Optional<RouteMatch.Found> found = find(normalized);
        if (found.isEmpty()) {
            return new RouteMatch.NotFound(protocolForPrefix(normalized));
        }
        Route route = found.get().route();
        if (!route.operation().method().equals(method)) {
            return new RouteMatch.MethodNotAllowed(route.clientProtocol(), route.operation().method());
        }
        return found.get();
    }

    private Optional<RouteMatch.Found> find(String path) {
        Route exact = routesByPath.get(path);
        if (exact != null) {
            return Optional.of(new RouteMatch.Found(exact, PathParameters.NONE));
        }
        Matcher gemini = GEMINI_MODEL_METHOD.matcher(path);
        if (gemini.matches() && geminiMethods.containsKey(gemini.group(3))) {
            return Optional.of(new RouteMatch.Found(geminiMethods.get(gemini.group(3)), new PathParameters(
                    Optional.of(gemini.group(1)), Optional.of(gemini.group(2)), Optional.of(gemini.group(3)))));
        }
        Matcher codeAssistCall = CODE_ASSIST_METHOD.matcher(path);
        if (codeAssistCall.matches()) {
            return Optional.of(new RouteMatch.Found(codeAssist, new PathParameters(Optional.empty(), Optional.empty(),
                    Optional.of(codeAssistCall.group(1)))));
        }
        return Optional.empty();
    }

    private static Protocol protocolForPrefix(String path) {
        if (path.startsWith("/openai") || path.startsWith("/droid/openai")) {
            return Protocol.OPENAI_CHAT;
        }
        if (path.startsWith("/gemini")) {
            return Protocol.GEMINI;
        }
        return Protocol.ANTHROPIC_MESSAGES;
    }
}
