package dev.llmrelay.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The claims of a JWT the provider issued (ChatGPT's id and access tokens, WorkOS's access token), read without
 * checking the signature: the relay only reads what the provider told it about its own token.
 */
final class JwtClaims {
    private JwtClaims() {
    }

    static Optional<JsonNode> of(String token, ObjectMapper json) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims != null && claims.isObject() ? Optional.of(claims) : Optional.empty();
        } catch (IllegalArgumentException | IOException notAJwt) {
            return Optional.empty();
        }
    }

    /** The token's {@code exp}, when it is a JWT that has one. */
    static Optional<Instant> expiry(String token, ObjectMapper json) {
        return of(token, json).map(claims -> claims.path("exp")).filter(JsonNode::canConvertToLong)
                .map(exp -> Instant.ofEpochSecond(exp.asLong()));
    }

    /** ChatGPT's account id, in the claims under {@code https://api.openai.com/auth}. */
    static Optional<String> chatGptAccountId(String token, ObjectMapper json) {
        return of(token, json).map(claims -> claims.path("https://api.openai.com/auth").path("chatgpt_account_id"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).filter(id -> !id.isEmpty());
    }
}
