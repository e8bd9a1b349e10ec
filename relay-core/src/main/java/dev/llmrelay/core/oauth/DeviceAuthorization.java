package dev.llmrelay.core.oauth;

import dev.llmrelay.api.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * A device login under way (Factory's WorkOS): the page where the operator approves it, the code it shows, and the
 * device code the relay polls with (a secret of the session, never shown; stores encrypt it like a credential).
 */
public record DeviceAuthorization(Secret deviceCode, String userCode, String verificationUri, Duration expiresIn,
                                  Duration interval) {
    public DeviceAuthorization {
        Objects.requireNonNull(deviceCode, "deviceCode");
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(verificationUri, "verificationUri");
        Objects.requireNonNull(expiresIn, "expiresIn");
        Objects.requireNonNull(interval, "interval");
    }

    @Override
    public String toString() {
        return "DeviceAuthorization[userCode=" + userCode + ", verificationUri=" + verificationUri + "]";
    }
}
