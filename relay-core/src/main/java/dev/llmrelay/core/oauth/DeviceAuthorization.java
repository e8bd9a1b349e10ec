package dev.llmrelay.core.oauth;

import java.time.Duration;

/**
 * A device login under way (Factory's WorkOS): the page where the operator approves it, the code it shows, and the
 * device code the relay polls with (a secret of the session, never shown).
 */
record DeviceAuthorization(String deviceCode, String userCode, String verificationUri, Duration expiresIn,
                           Duration interval) {
    @Override
    public String toString() {
        return "DeviceAuthorization[userCode=" + userCode + ", verificationUri=" + verificationUri + "]";
    }
}
