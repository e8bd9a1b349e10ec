package dev.llmrelay.core.event;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.usage.TokenUsage;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One client request as it ended: enough for an access log line or a metric, never a secret or a body.
 *
 * @param route the route's name, {@code <service>.<operation>} such as {@code claude.messages} or
 *     {@code openai.chat_completions}; {@code unmatched} for a path no route has
 * @param path the decoded request path, without the query string (which may hold a key)
 * @param status the HTTP status the client got; 0 when nothing at all could be sent
 * @param keyId the admitted key; empty when the request was refused before or by the key check
 * @param accountId the account that served (or failed last); empty when none was reached
 * @param model the model asked for, or the upstream's name for it after an account's mapping; empty when none
 * @param latency from the request's arrival to the end of its answer
 * @param timeToFirstByte from the arrival to the first byte of the answer; empty when nothing was sent
 */
public record RequestEnded(
        String route,
        String method,
        String path,
        int status,
        Optional<String> keyId,
        Optional<String> accountId,
        Optional<Platform> platform,
        String model,
        boolean stream,
        TokenUsage tokens,
        double costUsd,
        Duration latency,
        Optional<Duration> timeToFirstByte) {

    public RequestEnded {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(timeToFirstByte, "timeToFirstByte");
    }
}
