package dev.llmrelay.core.store.format;

import dev.llmrelay.api.Platform;
import dev.llmrelay.core.oauth.DeviceAuthorization;
import dev.llmrelay.core.oauth.OnboardingSession;
import java.time.Duration;
import java.util.Optional;

/**
 * An OAuth sign-in under way as a store keeps it outside the process (a Redis value): its secrets, the PKCE
 * verifier and a device login's device code, encrypted by a {@link CredentialCipher}; the state plain (the
 * authorize URL carries it anyway). A plain record for Jackson.
 *
 * <pre>{@code
 * {"id": "oas_...", "platform": "claude", "state": "...", "verifier": "v1:...", "expiresAt": "2026-11-23T14:15:00Z"}
 * {"id": "oas_...", "platform": "droid", "state": "", "expiresAt": "...",
 *  "device": {"deviceCode": "v1:...", "userCode": "WXYZ-1234", "verificationUri": "https://...",
 *             "expiresInSeconds": 300, "intervalSeconds": 5}}
 * }</pre>
 */
public record OnboardingSessionRecord(String id, String platform, String state, String verifier, DeviceRecord device,
                                      String expiresAt) {

    /** A device login's part; {@code deviceCode} is a {@link CredentialCipher} value. */
    public record DeviceRecord(String deviceCode, String userCode, String verificationUri, long expiresInSeconds,
                               long intervalSeconds) {
    }

    /** The stored form of {@code session}, its secrets encrypted by {@code cipher}. */
    public static OnboardingSessionRecord of(OnboardingSession session, CredentialCipher cipher) {
        DeviceRecord device = session.device().map(authorization -> new DeviceRecord(
                cipher.encrypt(authorization.deviceCode()), authorization.userCode(), authorization.verificationUri(),
                authorization.expiresIn().toSeconds(), authorization.interval().toSeconds())).orElse(null);
        return new OnboardingSessionRecord(session.id(), session.platform().wireName(), session.state(),
                session.verifier().map(cipher::encrypt).orElse(null), device, session.expiresAt().toString());
    }

    /** The session this record holds; {@code source} names where it was read, for errors. */
    public OnboardingSession toSession(CredentialCipher cipher, String source) {
        if (id == null || state == null) {
            throw StoredValues.invalid(source, "a sign-in session lacks its id or state");
        }
        if (device != null && (device.deviceCode() == null || device.userCode() == null
                || device.verificationUri() == null)) {
            throw StoredValues.invalid(source, "a device login lacks its device code, user code or page");
        }
        Platform parsed = Platform.fromWireName(platform)
                .orElseThrow(() -> StoredValues.invalid(source, "unknown platform " + platform));
        Optional<DeviceAuthorization> authorization = Optional.ofNullable(device).map(stored -> new DeviceAuthorization(
                cipher.decrypt(stored.deviceCode()), stored.userCode(), stored.verificationUri(),
                Duration.ofSeconds(stored.expiresInSeconds()), Duration.ofSeconds(stored.intervalSeconds())));
        return new OnboardingSession(id, parsed, state, Optional.ofNullable(verifier).map(cipher::decrypt),
                authorization, StoredValues.instant(source, expiresAt));
    }
}
