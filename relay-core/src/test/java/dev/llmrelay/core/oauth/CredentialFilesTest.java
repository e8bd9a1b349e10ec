package dev.llmrelay.core.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.account.Credential;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Tokens an operator brings from a CLI's own credentials file. */
class CredentialFilesTest {
    private final ObjectMapper json = new ObjectMapper();

    private Credential.OAuthTokens read(Platform platform, String file) throws Exception {
        var read = CredentialFiles.read(platform, json.readTree(file), json);
        assertThat(read).isInstanceOf(CredentialFiles.Read.Tokens.class);
        return ((CredentialFiles.Read.Tokens) read).tokens();
    }

    @Test
    void claudeCodesCredentialsFile() throws Exception {
        var tokens = read(Platform.CLAUDE, """
                {"claudeAiOauth":{"accessToken":"sk-ant-oat01-a","refreshToken":"sk-ant-ort01-r",
                 "expiresAt":1795437000000,"scopes":["user:inference"],"subscriptionType":"max"}}""");

        assertThat(tokens.accessToken().reveal()).isEqualTo("sk-ant-oat01-a");
        assertThat(tokens.refreshToken().orElseThrow().reveal()).isEqualTo("sk-ant-ort01-r");
        assertThat(tokens.expiresAt()).contains(Instant.ofEpochMilli(1795437000000L));
    }

    @Test
    void codexsAuthFileWithItsChatGptAccountAndTheAccessTokensExpiry() throws Exception {
        String access = OAuthOnboardingTest.jwt("{\"exp\":1795437000}");
        var tokens = read(Platform.OPENAI, "{\"OPENAI_API_KEY\":null,\"tokens\":{\"id_token\":\"x\",\"access_token\":\""
                + access + "\",\"refresh_token\":\"rt\",\"account_id\":\"acct-9\"},\"last_refresh\":\"2026-11-01T00:00:00Z\"}");

        assertThat(tokens.accountId()).contains("acct-9");
        assertThat(tokens.expiresAt()).contains(Instant.ofEpochSecond(1795437000));
    }

    @Test
    void geminiClisOAuthCreds() throws Exception {
        var tokens = read(Platform.GEMINI, """
                {"access_token":"ya29.a","refresh_token":"1//r","expiry_date":1795437000000.5,"token_type":"Bearer"}""");

        assertThat(tokens.refreshToken().orElseThrow().reveal()).isEqualTo("1//r");
        assertThat(tokens.expiresAt()).contains(Instant.ofEpochMilli(1795437000000L));
    }

    @Test
    void aFileWithoutAnAccessTokenSaysWhatIsMissing() throws Exception {
        var read = CredentialFiles.read(Platform.CLAUDE, json.readTree("{\"claudeAiOauth\":{}}"), json);

        assertThat(read).isInstanceOfSatisfying(CredentialFiles.Read.Unreadable.class,
                unreadable -> assertThat(unreadable.why()).isEqualTo("the credentials file has no claudeAiOauth.accessToken"));
    }
}
