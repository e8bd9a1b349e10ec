package dev.llmrelay.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.core.oauth.OnboardingSession;
import dev.llmrelay.core.store.MutableClock;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.redis.testing.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a sign-in under way sits in Redis: one key under the relay's prefix and a hash tag of its own, living as long
 * as the session, its PKCE verifier encrypted with the relay's encryption key, never in plain.
 */
class RedisOnboardingSessionsTest {
    private final MutableClock clock = MutableClock.at("2026-11-23T14:00:00Z");

    @Test
    void aSessionIsOneKeyThatLivesAsLongAsTheSessionWithItsVerifierEncrypted() {
        TestRedis redis = TestRedis.shared();
        String prefix = TestRedis.newPrefix();
        CredentialCipher cipher = CredentialCipher.random();
        try (RelayStore store = RedisStore.open(redis.client(), cipher, clock,
                RedisStore.Options.DEFAULTS.withPrefix(prefix))) {
            store.onboardingSessions().open(OnboardingSession.byCode("oas_abc", Platform.OPENAI, "the-state",
                    Secret.of("plain-pkce-verifier"), clock.instant().plus(Duration.ofMinutes(15))));

            String key = "{" + prefix + ":sign-in:oas_abc}";
            Map<String, String> stored = redis.client().hgetAll(key);
            long ttl = redis.client().pttl(key);

            assertThat(stored).containsEntry("state", "the-state").containsKey("record");
            assertThat(stored.get("record")).doesNotContain("plain-pkce-verifier").contains("\"verifier\":\"v1:");
            assertThat(ttl).isBetween(Duration.ofMinutes(14).toMillis(), Duration.ofMinutes(15).toMillis());
            assertThat(store.onboardingSessions().find("oas_abc").orElseThrow().verifier().orElseThrow().reveal())
                    .isEqualTo("plain-pkce-verifier");
        }
    }
}
