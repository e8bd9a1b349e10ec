package dev.llmrelay.core.store.format;

import dev.llmrelay.api.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts upstream credentials at rest with AES-256-GCM under the relay's encryption key
 * ({@code RELAY_ENCRYPTION_KEY}: 32 bytes in standard base64).
 *
 * <p>Each value gets a fresh random 12-byte IV and is stored as {@code v1:} followed by the base64 of
 * IV || ciphertext || tag. GCM's tag makes a wrong key fail loudly instead of yielding garbage. Thread-safe.
 */
public final class CredentialCipher {

    /** The prefix of every value this cipher writes; a future format gets its own. */
    public static final String FORMAT_PREFIX = "v1:";

    /** The message of a failed decryption: names the cause, never a key or a value. */
    public static final String WRONG_KEY_MESSAGE =
            "cannot decrypt stored credentials: RELAY_ENCRYPTION_KEY differs from the one they were written with";

    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final SecureRandom random;

    private CredentialCipher(byte[] keyBytes, SecureRandom random) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.random = random;
    }

    /**
     * A cipher under the key given as standard base64 of 32 bytes.
     *
     * @throws IllegalArgumentException when it is not that; the message never repeats the value
     */
    public static CredentialCipher fromBase64Key(String base64Key) {
        Objects.requireNonNull(base64Key, "base64Key");
        byte[] keyBytes;
        try {
            keyBytes = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("RELAY_ENCRYPTION_KEY is not standard base64 (it must encode 32 bytes)");
        }
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("RELAY_ENCRYPTION_KEY must encode 32 bytes, it encodes "
                    + keyBytes.length);
        }
        return new CredentialCipher(keyBytes, new SecureRandom());
    }

    /** A cipher under a new random key, for a store that keeps nothing beyond the process. */
    public static CredentialCipher random() {
        return fromBase64Key(newBase64Key(new SecureRandom()));
    }

    /** A new random key as standard base64, for a store that keeps its own. */
    public static String newBase64Key(SecureRandom random) {
        byte[] keyBytes = new byte[KEY_BYTES];
        random.nextBytes(keyBytes);
        return Base64.getEncoder().encodeToString(keyBytes);
    }

    /** The stored form of {@code secret}: {@code v1:} and base64 of IV, ciphertext and tag. */
    public String encrypt(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
            byte[] stored = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
            return FORMAT_PREFIX + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK, yet encryption failed", e);
        }
    }

    /**
     * The secret a value of {@link #encrypt} holds.
     *
     * @throws IllegalStateException with {@link #WRONG_KEY_MESSAGE} when this is not the key it was written
     *     with, or naming the format when the value is not one this cipher wrote
     */
    public Secret decrypt(String stored) {
        Objects.requireNonNull(stored, "stored");
        if (!stored.startsWith(FORMAT_PREFIX)) {
            throw new IllegalStateException("a stored credential is not in the " + FORMAT_PREFIX + " format");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(stored.substring(FORMAT_PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException("a stored credential is not valid base64");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a stored credential is too short to be a " + FORMAT_PREFIX + " value");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return Secret.of(new String(plain, StandardCharsets.UTF_8));
        } catch (AEADBadTagException wrongKey) {
            throw new IllegalStateException(WRONG_KEY_MESSAGE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK, yet decryption failed", e);
        }
    }

    @Override
    public String toString() {
        return "CredentialCipher[AES-256-GCM, key ****]";
    }
}
