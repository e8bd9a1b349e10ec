package dev.llmrelay.redis.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.core.oauth.OnboardingSession;
import dev.llmrelay.core.oauth.OnboardingSessions;
import dev.llmrelay.core.store.format.CredentialCipher;
import dev.llmrelay.core.store.format.OnboardingSessionRecord;
import dev.llmrelay.core.store.format.StoredValues;
import dev.llmrelay.redis.support.LuaScript;
import dev.llmrelay.redis.support.RedisNames;
import dev.llmrelay.redis.support.Reply;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * OAuth sign-ins every node sharing one Redis can finish: each session one hash ({@code state}, and the {@code
 * record} with the PKCE verifier or device code encrypted by the store's cipher) in a slot of its own, whose time to
 * live is the session's life, so Redis forgets it when it expires. Finish takes it with one script that reads and
 * deletes it at once (after checking the state, when one is given): two finishes racing never both get it.
 */
public final class RedisOnboardingSessions implements OnboardingSessions {
    private final UnifiedJedis redis;
    private final RedisNames names;
    private final CredentialCipher cipher;
    private final ObjectMapper json;
    private final Clock clock;
    private final LuaScript openScript = LuaScript.named("open-sign-in");
    private final LuaScript takeScript = LuaScript.named("take-sign-in");

    public RedisOnboardingSessions(UnifiedJedis redis, RedisNames names, CredentialCipher cipher, ObjectMapper json,
                                   Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.names = Objects.requireNonNull(names, "names");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void open(OnboardingSession session) {
        Objects.requireNonNull(session, "session");
        Duration life = Duration.between(clock.instant(), session.expiresAt());
        if (life.toMillis() <= 0) {
            throw new IllegalArgumentException("a sign-in session must expire after it opens");
        }
        String record;
        try {
            record = json.writeValueAsString(OnboardingSessionRecord.of(session, cipher));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sign-in session record is plain values and always serialises", e);
        }
        openScript.run(redis, List.of(names.onboardingSession(session.id())),
                List.of(session.state(), record, Long.toString(life.toMillis())));
    }

    @Override
    public Optional<OnboardingSession> find(String id) {
        String key = names.onboardingSession(id);
        return Optional.ofNullable(redis.hget(key, "record")).map(record -> read(record, key));
    }

    @Override
    public Take take(String id, Optional<String> state) {
        Objects.requireNonNull(state, "state");
        String key = names.onboardingSession(id);
        Reply reply = Reply.of(takeScript.run(redis, List.of(key),
                List.of(state.isPresent() ? "1" : "0", state.orElse(""))));
        return switch (reply.string(0)) {
            case "taken" -> new Take.Taken(read(reply.string(1), key));
            case "state-differs" -> new Take.StateDiffers();
            case "not-open" -> new Take.NotOpen();
            default -> throw new IllegalStateException("take-sign-in answered " + reply.string(0));
        };
    }

    private OnboardingSession read(String record, String key) {
        try {
            return json.readValue(record, OnboardingSessionRecord.class).toSession(cipher, "Redis key " + key);
        } catch (JsonProcessingException e) {
            throw StoredValues.invalid("Redis key " + key, "not a sign-in session record");
        }
    }
}
