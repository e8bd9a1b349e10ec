package dev.llmrelay.bench.report;

/** One of issue #9's targets, what was measured against it, and whether it was met. */
public record TargetCheck(String target, String measured, boolean met) {
}
