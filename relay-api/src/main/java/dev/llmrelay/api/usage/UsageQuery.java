package dev.llmrelay.api.usage;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which totals to read: grouped by a dimension, per period, over {@code [from, to)} (both rounded out to
 * whole hours), optionally for one group only (one key id, account id or model).
 */
public record UsageQuery(UsageDimension by, Granularity granularity, Instant from, Instant to, Optional<String> group) {
    public UsageQuery {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(group, "group");
    }
}
