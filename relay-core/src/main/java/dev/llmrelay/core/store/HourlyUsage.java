package dev.llmrelay.core.store;

import dev.llmrelay.api.usage.Granularity;
import dev.llmrelay.api.usage.TokenUsage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The usage of one key, through one account (or none), of one model, in one UTC hour: the finest grain a
 * store keeps, from which hour, day and month totals are summed. Stores snapshot and restore these.
 *
 * @param hour the start of the hour
 * @param accountId empty for requests refused before an account was chosen
 */
public record HourlyUsage(
        Instant hour, String keyId, Optional<String> accountId, String model, long requests, TokenUsage tokens,
        double costUsd) {

    public HourlyUsage {
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tokens, "tokens");
        if (!Granularity.hourOf(hour).equals(hour)) {
            throw new IllegalArgumentException("hour must be the start of an hour: " + hour);
        }
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative");
        }
    }
}
