package dev.llmrelay.core.route;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.protocol.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps a client's path (below the server root) to a {@link Route}. The prefixes are the contract's base URLs:
 * {@code /claude} with its alias {@code /api}, and {@code /droid/claude} for Droid accounts.
 */
public final class RouteTable {
    private final Map<String, Route> routesByPath = new LinkedHashMap<>();

    private RouteTable() {
    }

    /** The routes of the contract that this relay serves. */
    public static RouteTable standard() {
        var table = new RouteTable();
        for (String prefix : new String[] {"/claude", "/api"}) {
            table.addAnthropic(prefix, Service.CLAUDE, Set.of(Platform.CLAUDE));
        }
        table.addAnthropic("/droid/claude", Service.DROID, Set.of(Platform.DROID));
        return table;
    }

    private void addAnthropic(String prefix, Service service, Set<Platform> platforms) {
        for (Operation operation : Operation.values()) {
            routesByPath.put(prefix + operation.upstreamPath(),
                    new Route(operation, Protocol.ANTHROPIC_MESSAGES, service, platforms));
        }
    }

    /** The route for {@code method} and {@code path}; a trailing slash is ignored. */
    public RouteMatch resolve(String method, String path) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Route route = routesByPath.get(normalized);
        if (route == null) {
            return new RouteMatch.NotFound(protocolForPrefix(normalized));
        }
        if (!route.operation().method().equals(method)) {
            return new RouteMatch.MethodNotAllowed(route.clientProtocol(), route.operation().method());
        }
        return new RouteMatch.Found(route);
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
