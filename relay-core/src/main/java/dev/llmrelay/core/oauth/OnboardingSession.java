package dev.llmrelay.core.oauth;

import dev.llmrelay.api.Platform;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A sign-in an operator started and has not finished: the state the authorize URL carries, the PKCE verifier
 * kept for the exchange, or the device code of a device login; valid until {@code expiresAt}.
 */
public record OnboardingSession(String id, Platform platform, String state, String verifier,
                                Optional<DeviceAuthorization> device, Instant expiresAt) {
    public OnboardingSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "OnboardingSession[id=" + id + ", platform=" + platform + ", expiresAt=" + expiresAt + "]";
    }
}
