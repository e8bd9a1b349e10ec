package dev.llmrelay.api.usage;

import dev.llmrelay.api.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one request used and how it went: who asked, which account served, the tokens and their cost, the
 * status the client got, the whole latency and the time until the first byte of the answer.
 *
 * @param accountId empty when no account was reached (refused before scheduling)
 * @param timeToFirstByte empty when no byte of an answer reached the client
 */
public record UsageRecord(
        Instant at,
        String keyId,
        Optional<String> accountId,
        Optional<Platform> platform,
        String model,
        TokenUsage tokens,
        double costUsd,
        int status,
        boolean stream,
        Duration latency,
        Optional<Duration> timeToFirstByte) {

    public UsageRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(timeToFirstByte, "timeToFirstByte");
    }
}
