package dev.llmrelay.core.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.protocol.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request body must say on a subscription account that the client could not know, and what it must not
 * say so that one shared account does not look like many machines:
 * <ul>
 *   <li>Claude: the device in Claude Code's {@code metadata.user_id} (either form) becomes one stable device per
 *       relay account, and its account uuid the account's, so that every teammate's Claude Code reads as one
 *       installation of the subscription's owner; the session id stays the client's.</li>
 *   <li>Code Assist: the envelope's {@code project} is the account's project, whatever project the client's own
 *       login named.</li>
 * </ul>
 * Headers are the credential placements' job ({@code core.credential}).
 */
public final class SubscriptionTraffic {
    private static final Pattern LEGACY_USER_ID =
            Pattern.compile("^user_([0-9a-fA-F]{64})_account_(.*?)_session_(.*)$");

    private SubscriptionTraffic() {
    }

    /** {@code body} as it goes to {@code account} in {@code protocol}; unchanged when nothing applies. */
    public static byte[] normalise(Account account, Protocol protocol, byte[] body, ObjectMapper json) {
        if (!(account.credential() instanceof Credential.OAuthTokens tokens)) {
            return body;
        }
        boolean claude = account.platform() == Platform.CLAUDE && protocol == Protocol.ANTHROPIC_MESSAGES;
        boolean codeAssist = protocol == Protocol.GEMINI_CODE_ASSIST && tokens.project().isPresent();
        if (!claude && !codeAssist) {
            return body;
        }
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException notJson) {
            return body;
        }
        if (!(tree instanceof ObjectNode object)) {
            return body;
        }
        boolean changed = claude ? normaliseUserId(account, tokens, object, json)
                : normaliseProject(tokens.project().get(), object);
        if (!changed) {
            return body;
        }
        try {
            return json.writeValueAsBytes(object);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    private static boolean normaliseProject(String project, ObjectNode envelope) {
        JsonNode given = envelope.get("project");
        if (given == null || !given.isTextual() || given.asText().equals(project)) {
            return false;
        }
        envelope.put("project", project);
        return true;
    }

    private static boolean normaliseUserId(Account account, Credential.OAuthTokens tokens, ObjectNode body,
                                           ObjectMapper json) {
        JsonNode metadata = body.get("metadata");
        if (!(metadata instanceof ObjectNode fields) || !fields.path("user_id").isTextual()) {
            return false;
        }
        String userId = fields.get("user_id").asText();
        String device = deviceOf(account);
        String normalised;
        if (userId.startsWith("{")) {
            try {
                JsonNode parsed = json.readTree(userId);
                if (!(parsed instanceof ObjectNode parts)) {
                    return false;
                }
                if (parts.has("device_id")) {
                    parts.put("device_id", device);
                }
                if (parts.has("account_uuid") && tokens.accountId().isPresent()) {
                    parts.put("account_uuid", tokens.accountId().get());
                }
                normalised = json.writeValueAsString(parts);
            } catch (IOException notJson) {
                return false;
            }
        } else {
            Matcher legacy = LEGACY_USER_ID.matcher(userId);
            if (!legacy.matches()) {
                return false;
            }
            normalised = "user_" + device + "_account_" + tokens.accountId().orElse(legacy.group(2))
                    + "_session_" + legacy.group(3);
        }
        if (normalised.equals(userId)) {
            return false;
        }
        fields.put("user_id", normalised);
        return true;
    }

    /** One device id per relay account, the same on every node and after every restart: 64 hex digits. */
    static String deviceOf(Account account) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("llm-relay device " + account.id()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
