package dev.llmrelay.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputLimitsTest {

    @Test
    void aLargerAskIsLoweredToTheModelsOwnLimit() {
        assertThat(OutputLimits.clamp("claude-opus-4-1-20250805", 64_000)).isEqualTo(32_000);
        assertThat(OutputLimits.clamp("claude-3-5-haiku-latest", 64_000)).isEqualTo(8_192);
        assertThat(OutputLimits.clamp("claude-3-haiku-20240307", 64_000)).isEqualTo(4_096);
        assertThat(OutputLimits.clamp("gpt-4o-2024-08-06", 64_000)).isEqualTo(16_384);
        assertThat(OutputLimits.clamp("gpt-4.1-mini", 64_000)).isEqualTo(32_768);
        assertThat(OutputLimits.clamp("models/gemini-2.0-flash", 64_000)).isEqualTo(8_192);
    }

    @Test
    void anAskWithinTheLimitIsKept() {
        assertThat(OutputLimits.clamp("claude-sonnet-4-5", 64_000)).isEqualTo(64_000);
        assertThat(OutputLimits.clamp("claude-opus-4-8", 64_000)).as("Opus 4.5 and later").isEqualTo(64_000);
        assertThat(OutputLimits.clamp("gemini-2.5-pro", 64_000)).isEqualTo(64_000);
        assertThat(OutputLimits.clamp("gpt-4o", 1_000)).isEqualTo(1_000);
    }

    @Test
    void aModelNoEntryCoversIsNotClamped() {
        assertThat(OutputLimits.of("qwen3-coder")).isEmpty();
        assertThat(OutputLimits.clamp("qwen3-coder", 64_000)).isEqualTo(64_000);
    }
}
