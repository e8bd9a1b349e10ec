package dev.llmrelay.core.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimitedFamilyTest {

    @Test
    void aWeeklyLimitOfOneFamilyNamesThatFamily() {
        assertThat(LimitedFamily.namedBy("seven_day_opus")).contains("opus");
        assertThat(LimitedFamily.namedBy("seven_day_sonnet")).contains("sonnet");
        assertThat(LimitedFamily.namedBy("SEVEN_DAY_OPUS")).contains("opus");
    }

    @Test
    void accountWideLimitsNameNoFamily() {
        assertThat(LimitedFamily.namedBy("five_hour")).isEqualTo(Optional.empty());
        assertThat(LimitedFamily.namedBy("seven_day")).isEmpty();
        assertThat(LimitedFamily.namedBy("seven_day_oauth_apps")).isEmpty();
        assertThat(LimitedFamily.namedBy("")).isEmpty();
    }

    @Test
    void aFamilyIncludesEveryGenerationAndSnapshotOfItsModels() {
        assertThat(LimitedFamily.includes("opus", "claude-opus-4-8")).isTrue();
        assertThat(LimitedFamily.includes("opus", "claude-3-opus-20240229")).isTrue();
        assertThat(LimitedFamily.includes("opus", "Claude-Opus-4-1")).isTrue();
        assertThat(LimitedFamily.includes("opus", "claude-sonnet-4-5")).isFalse();
        assertThat(LimitedFamily.includes("sonnet", "claude-haiku-4-5")).isFalse();
    }
}
