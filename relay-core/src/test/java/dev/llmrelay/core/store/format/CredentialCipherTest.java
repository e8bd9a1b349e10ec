package dev.llmrelay.core.store.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrelay.api.Secret;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
    private final CredentialCipher cipher =
            CredentialCipher.fromBase64Key(CredentialCipher.newBase64Key(new SecureRandom()));

    @Test
    void whatItEncryptsItDecrypts() {
        String stored = cipher.encrypt(Secret.of("sk-ant-api03-secret"));

        assertThat(stored).startsWith("v1:").doesNotContain("sk-ant");
        assertThat(cipher.decrypt(stored).reveal()).isEqualTo("sk-ant-api03-secret");
    }

    @Test
    void theSameSecretEncryptsDifferentlyEachTime() {
        Secret secret = Secret.of("same value");

        assertThat(cipher.encrypt(secret)).isNotEqualTo(cipher.encrypt(secret));
    }

    @Test
    void anotherKeyCannotDecryptAndSaysWhy() {
        String stored = cipher.encrypt(Secret.of("secret"));
        CredentialCipher other = CredentialCipher.fromBase64Key(CredentialCipher.newBase64Key(new SecureRandom()));

        assertThatThrownBy(() -> other.decrypt(stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(CredentialCipher.WRONG_KEY_MESSAGE);
    }

    @Test
    void aTamperedValueIsRefused() {
        String stored = cipher.encrypt(Secret.of("secret"));
        // A character in the middle: the last one before '=' padding may carry only unused bits.
        int middle = stored.length() / 2;
        String tampered = stored.substring(0, middle) + (stored.charAt(middle) == 'A' ? 'B' : 'A')
                + stored.substring(middle + 1);

        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("plaintext")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("v1:");
    }

    @Test
    void itNeverPrintsItsKey() {
        assertThat(cipher.toString()).doesNotContain("=").contains("****");
    }
}
