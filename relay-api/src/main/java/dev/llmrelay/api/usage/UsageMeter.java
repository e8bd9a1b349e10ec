package dev.llmrelay.api.usage;

import java.util.List;

/**
 * Where usage goes and where totals come from.
 *
 * <p>{@link #record} is called on the response path, once per request, when its answer ends however it
 * ends: it must not block on I/O (queue the write) and must not throw. Totals are kept per hour by key,
 * account and model, so that hour, day and month figures are sums of hours.
 */
public interface UsageMeter {

    /** Takes one request's usage; returns at once. */
    void record(UsageRecord record);

    /** The totals the query asks for, ordered by period then group. */
    List<UsageTotal> totals(UsageQuery query);
}
