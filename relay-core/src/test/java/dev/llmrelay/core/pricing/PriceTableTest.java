package dev.llmrelay.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmrelay.api.usage.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Costs of requests with cache tokens, each checked against a figure worked out by hand from the list prices. */
class PriceTableTest {
    private static final PriceTable PRICES = PriceTable.shipped();

    /** input, output, cache write (all), cache read, of which 1-hour writes. */
    private static TokenUsage usage(long input, long output, long cacheWrite, long cacheRead, long cacheWrite1h) {
        return new TokenUsage(input, output, cacheWrite, cacheRead, cacheWrite1h, 0);
    }

    @Test
    void claudeSonnetBillsFiveMinuteAndOneHourCacheWritesAtTheirOwnRates() {
        // 1000 × $3 + 2000 × $3.75 (5m) + 1000 × $6 (1h) + 10000 × $0.30 + 500 × $15 = $27,000 per million
        double cost = PRICES.costUsd("claude-sonnet-4-5-20250929", usage(1_000, 500, 3_000, 10_000, 1_000));

        assertThat(cost).isCloseTo(0.027, within(1e-12));
    }

    @Test
    void claudeOpus48WithOnlyOneHourWrites() {
        // 2000 × $5 + 4000 × $10 (1h) + 50000 × $0.50 + 1200 × $25 = $105,000 per million
        double cost = PRICES.costUsd("claude-opus-4-8", usage(2_000, 1_200, 4_000, 50_000, 4_000));

        assertThat(cost).isCloseTo(0.105, within(1e-12));
    }

    @Test
    void claudeOpus41KeepsItsOlderHigherPrices() {
        // 100 × $15 + 1000 × $18.75 (5m) + 100 × $75 = $27,750 per million
        double cost = PRICES.costUsd("claude-opus-4-1-20250805", usage(100, 100, 1_000, 0, 0));

        assertThat(cost).isCloseTo(0.02775, within(1e-12));
    }

    @Test
    void claudeHaiku45() {
        // 10000 × $1 + 2000 × $1.25 + 20000 × $0.10 + 1000 × $5 = $19,500 per million
        double cost = PRICES.costUsd("claude-haiku-4-5-20251001", usage(10_000, 1_000, 2_000, 20_000, 0));

        assertThat(cost).isCloseTo(0.0195, within(1e-12));
    }

    @Test
    void claudeSonnetPromptOver200kIsBilledWhollyAtLongContextRates() {
        // prompt 150000 + 60000 = 210000 > 200000: 150000 × $6 + 60000 × $0.60 + 2000 × $22.50 = $981,000 per million
        double cost = PRICES.costUsd("claude-sonnet-4-5", usage(150_000, 2_000, 0, 60_000, 0));

        assertThat(cost).isCloseTo(0.981, within(1e-12));
    }

    @Test
    void aPromptOfExactlyTheThresholdStaysAtTheBaseRates() {
        // prompt 200000 is not over 200000: 140000 × $3 + 60000 × $0.30 = $438,000 per million
        double cost = PRICES.costUsd("claude-sonnet-4-5", usage(140_000, 0, 0, 60_000, 0));

        assertThat(cost).isCloseTo(0.438, within(1e-12));
    }

    @Test
    void openAiGpt5CachedInputIsACacheReadAndReasoningIsOutput() {
        // input excludes cached: 8000 × $1.25 + 2000 × $0.125 + 1000 × $10 = $20,250 per million
        var tokens = new TokenUsage(8_000, 1_000, 0, 2_000, 0, 600);

        assertThat(PRICES.costUsd("gpt-5-2025-08-07", tokens)).isCloseTo(0.02025, within(1e-12));
    }

    @Test
    void openAiGpt41AndO4Mini() {
        // gpt-4.1: 5000 × $2 + 15000 × $0.50 + 700 × $8 = $23,100 per million
        assertThat(PRICES.costUsd("gpt-4.1", usage(5_000, 700, 0, 15_000, 0))).isCloseTo(0.0231, within(1e-12));
        // o4-mini: 1000 × $1.10 + 3000 × $0.275 + 2000 × $4.40 = $10,725 per million
        assertThat(PRICES.costUsd("o4-mini-2025-04-16", usage(1_000, 2_000, 0, 3_000, 0)))
                .isCloseTo(0.010725, within(1e-12));
    }

    @Test
    void geminiProBelowAndAbove200kPromptTokens() {
        // 100000 × $1.25 + 50000 × $0.125 + 5000 × $10 = $181,250 per million
        assertThat(PRICES.costUsd("gemini-2.5-pro", usage(100_000, 5_000, 0, 50_000, 0)))
                .isCloseTo(0.18125, within(1e-12));
        // prompt 220000: 180000 × $2.50 + 40000 × $0.25 + 5000 × $15 = $535,000 per million
        assertThat(PRICES.costUsd("gemini-2.5-pro", usage(180_000, 5_000, 0, 40_000, 0)))
                .isCloseTo(0.535, within(1e-12));
    }

    @Test
    void geminiFlashUnderItsResourceNameAndPreviewSuffix() {
        // 10000 × $0.30 + 90000 × $0.03 + 3000 × $2.50 = $13,200 per million
        double cost = PRICES.costUsd("models/gemini-2.5-flash-preview-09-2025", usage(10_000, 3_000, 0, 90_000, 0));

        assertThat(cost).isCloseTo(0.0132, within(1e-12));
    }

    @Test
    void gemini3ProPreview() {
        // 1000 × $2 + 1000 × $12 = $14,000 per million
        assertThat(PRICES.costUsd("gemini-3-pro-preview", usage(1_000, 1_000, 0, 0, 0))).isCloseTo(0.014, within(1e-12));
    }

    @Test
    void datedAliasedAndDecoratedNamesFindTheirModel() {
        assertThat(PRICES.priceOf("claude-sonnet-4-20250514")).isEqualTo(PRICES.priceOf("claude-sonnet-4"));
        assertThat(PRICES.priceOf("claude-opus-4-0")).isEqualTo(PRICES.priceOf("claude-opus-4"));
        assertThat(PRICES.priceOf("CLAUDE-Sonnet-4-5[1m]")).isEqualTo(PRICES.priceOf("claude-sonnet-4-5"));
        assertThat(PRICES.priceOf("claude-3-7-sonnet-latest")).isEqualTo(PRICES.priceOf("claude-3-7-sonnet"));
        assertThat(PRICES.priceOf("gpt-4o-mini-2024-07-18")).isEqualTo(PRICES.priceOf("gpt-4o-mini"));
        assertThat(PRICES.priceOf("gemini-2.5-flash-lite-preview-06-17")).isEqualTo(PRICES.priceOf("gemini-2.5-flash-lite"));
        assertThat(PRICES.priceOf("gpt-5-codex")).isEqualTo(PRICES.priceOf("gpt-5"));
    }

    @Test
    void aVariantIsNeverPricedAsTheModelItsNameStartsWith() {
        assertThat(PRICES.priceOf("o3-pro")).isNotEqualTo(PRICES.priceOf("o3"));
        assertThat(PRICES.priceOf("o3-deep-research")).isEmpty();
        assertThat(PRICES.priceOf("gpt-4o-audio-preview")).isEmpty();
    }

    @Test
    void anUnknownModelCostsNothing() {
        assertThat(PRICES.costUsd("llama-9-colossal", usage(1_000_000, 1_000_000, 0, 0, 0))).isZero();
        assertThat(PRICES.costUsd("", usage(1, 1, 0, 0, 0))).isZero();
    }

    @Test
    void everyShippedClaudeModelBillsCacheWritesAtOneAndAQuarterAndTwiceItsInput() {
        for (String model : PRICES.models()) {
            // Claude 3 Haiku's published cache prices ($0.30, $0.50) are rounded from 1.25x and 2x of $0.25.
            if (!model.startsWith("claude-") || model.equals("claude-3-haiku")) {
                continue;
            }
            ModelPrice price = PRICES.priceOf(model).orElseThrow();
            assertThat(price.rates().cacheWrite5m()).as(model).isCloseTo(price.rates().input() * 1.25, within(1e-9));
            assertThat(price.rates().cacheWrite1h()).as(model).isCloseTo(price.rates().input() * 2, within(1e-9));
        }
    }

    @Test
    void theShippedTableSaysWhichDateItsPricesAreFrom() {
        assertThat(PRICES.pricesAsOf()).contains("2026-11-20");
        assertThat(PRICES.models()).contains("claude-opus-4-8", "claude-opus-4-1", "claude-sonnet-4-5",
                "claude-haiku-4-5", "gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4o", "o3", "o4-mini", "gemini-2.5-pro",
                "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro-preview");
    }

    @Test
    void anOverrideFileReplacesAndAddsModelsAndKeepsTheRest(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"pricesAsOf": "2026-12-01", "models": {
                  "claude-sonnet-4-5": {"input": 1.0, "output": 2.0},
                  "our-finetune": {"input": 0.5, "output": 1.5, "cacheRead": 0.05, "aliases": ["our-finetune-v2"]}}}
                """);

        PriceTable merged = PriceTable.shippedWithOverrides(file);

        // replaced whole: cache prices default to input
        assertThat(merged.costUsd("claude-sonnet-4-5", usage(1_000_000, 1_000_000, 1_000_000, 0, 0)))
                .isCloseTo(1.0 + 2.0 + 1.0, within(1e-12));
        assertThat(merged.costUsd("our-finetune-v2", usage(1_000_000, 0, 0, 1_000_000, 0)))
                .isCloseTo(0.55, within(1e-12));
        assertThat(merged.priceOf("gpt-5")).isEqualTo(PRICES.priceOf("gpt-5"));
        assertThat(merged.pricesAsOf()).contains("2026-12-01");
    }

    @Test
    void aBadOverrideFileIsRefusedNamingTheFieldAtFault() {
        assertThatThrownBy(() -> parse("{\"models\": {\"m\": {\"input\": 1, \"output\": 2, \"colour\": 3}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'models.m.colour'");
        assertThatThrownBy(() -> parse("{\"models\": {\"m\": {\"input\": -1, \"output\": 2}}}"))
                .hasMessageContaining("models.m.input must be a price");
        assertThatThrownBy(() -> parse("{\"models\": {\"m\": {\"input\": 1}}}"))
                .hasMessageContaining("models.m.output is required");
        assertThatThrownBy(() -> parse("{\"models\": {\"m\": {\"input\": 1, \"output\": 1, "
                + "\"longContext\": {\"input\": 2, \"output\": 2}}}}"))
                .hasMessageContaining("models.m.longContext.abovePromptTokens");
        assertThatThrownBy(() -> parse("{\"version\": 2, \"models\": {}}")).hasMessageContaining("version 2");
        assertThatThrownBy(() -> parse("{\"modles\": {}}")).hasMessageContaining("unknown field 'modles'");
        assertThatThrownBy(() -> parse("not json")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("{\"models\": {\"a\": {\"input\": 1, \"output\": 1, \"aliases\": [\"A\"]}}}"))
                .hasMessageContaining("a second time");
    }

    private static PriceTable parse(String json) {
        return PriceTable.parse("test.json", json.getBytes(StandardCharsets.UTF_8));
    }
}
