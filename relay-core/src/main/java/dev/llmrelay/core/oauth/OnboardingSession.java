package dev.llmrelay.core.oauth;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A sign-in an operator started and has not finished: the state the authorize URL carries and the PKCE verifier
 * kept for the exchange, or the device code of a device login (whose state is empty); valid until
 * {@code expiresAt}. The verifier and the device code are secrets: stores encrypt them like credentials.
 */
public record OnboardingSession(String id, Platform platform, String state, Optional<Secret> verifier,
                                Optional<DeviceAuthorization> device, Instant expiresAt) {
    public OnboardingSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A sign-in by code: the state its authorize URL carries, the verifier of its challenge. */
    public static OnboardingSession byCode(String id, Platform platform, String state, Secret verifier,
                                           Instant expiresAt) {
        return new OnboardingSession(id, platform, state, Optional.of(verifier), Optional.empty(), expiresAt);
    }

    /** A device login: no state and no verifier, the device code to poll with. */
    public static OnboardingSession byDevice(String id, Platform platform, DeviceAuthorization device,
                                             Instant expiresAt) {
        return new OnboardingSession(id, platform, "", Optional.empty(), Optional.of(device), expiresAt);
    }

    @Override
    public String toString() {
        return "OnboardingSession[id=" + id + ", platform=" + platform + ", expiresAt=" + expiresAt + "]";
    }
}
