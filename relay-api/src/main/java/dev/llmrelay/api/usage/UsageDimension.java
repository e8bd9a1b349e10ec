package dev.llmrelay.api.usage;

/** What usage totals are grouped by: {@code by=key|account|model} in the admin API. */
public enum UsageDimension {
    KEY,
    ACCOUNT,
    MODEL
}
