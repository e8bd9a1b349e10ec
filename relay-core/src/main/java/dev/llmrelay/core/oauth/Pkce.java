package dev.llmrelay.core.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** A PKCE pair (RFC 7636, S256): the verifier the relay keeps, the challenge the authorize URL carries. */
public record Pkce(String verifier, String challenge) {

    /** A new verifier of 32 random bytes (43 base64url characters) and its S256 challenge. */
    public static Pkce generate(SecureRandom random) {
        String verifier = randomToken(random, 32);
        return new Pkce(verifier, challengeOf(verifier));
    }

    /** {@code BASE64URL(SHA-256(verifier))}, unpadded. */
    public static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@code bytes} random bytes in unpadded base64url: verifiers, states, session ids. */
    static String randomToken(SecureRandom random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
