package dev.llmrelay.core.store.format;

import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.account.CredentialKind;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An account as every store writes it (a file, a Redis value, an export document): its secrets (API key,
 * OAuth tokens, proxy URL) encrypted by a {@link CredentialCipher}, times as ISO-8601 UTC strings, absent
 * values as nulls. A plain record for Jackson.
 *
 * <pre>{@code
 * {"id": "...", "name": "...", "platform": "claude",
 *  "credential": {"kind": "api-key", "apiKey": "v1:..."},
 *  (or {"kind": "oauth", "accessToken": "v1:...", "refreshToken": "v1:...", "expiresAt": "...",
 *       "accountId": "...", "project": "..."}),
 *  "baseUrl": "https://api.anthropic.com", "proxy": "v1:...", "priority": 50, "maxConcurrency": 0,
 *  "groups": [], "models": [], "modelMapping": {}, "schedulable": true,
 *  "status": {"state": "rate-limited", "reason": "...", "until": "2026-11-23T14:00:00Z"},
 *  "createdAt": "...", "lastUsedAt": "..."}
 * }</pre>
 */
public record AccountRecord(
        String id,
        String name,
        String platform,
        CredentialRecord credential,
        String baseUrl,
        String proxy,
        int priority,
        int maxConcurrency,
        List<String> groups,
        List<String> models,
        Map<String, String> modelMapping,
        boolean schedulable,
        StatusRecord status,
        String createdAt,
        String lastUsedAt) {

    /**
     * Secrets here are {@link CredentialCipher} values, never plaintext; {@code accountId} (the provider's account
     * the OAuth tokens act for) and {@code project} (Code Assist's project) are plain, and absent in records
     * written before they existed.
     */
    public record CredentialRecord(String kind, String apiKey, String accessToken, String refreshToken,
                                   String expiresAt, String accountId, String project) {
    }

    public record StatusRecord(String state, String reason, String until) {
        public static StatusRecord of(AccountStatus status) {
            return new StatusRecord(status.state().wireName(), status.reason().orElse(null),
                    StoredValues.time(status.until()));
        }

        /** The status this record holds; {@code source} names where it was read, for errors. */
        public AccountStatus toStatus(String source) {
            AccountState parsed = Arrays.stream(AccountState.values())
                    .filter(candidate -> candidate.wireName().equals(state))
                    .findFirst()
                    .orElseThrow(() -> StoredValues.invalid(source, "unknown account state " + state));
            return new AccountStatus(parsed, Optional.ofNullable(reason), StoredValues.optionalInstant(source, until));
        }
    }

    /** The stored form of {@code account}, its secrets encrypted by {@code cipher}. */
    public static AccountRecord of(Account account, CredentialCipher cipher) {
        CredentialRecord credential = switch (account.credential()) {
            case Credential.ApiKey apiKey -> new CredentialRecord(
                    CredentialKind.API_KEY.wireName(), cipher.encrypt(apiKey.key()), null, null, null, null, null);
            case Credential.OAuthTokens oauth -> new CredentialRecord(CredentialKind.OAUTH.wireName(), null,
                    cipher.encrypt(oauth.accessToken()),
                    oauth.refreshToken().map(cipher::encrypt).orElse(null),
                    StoredValues.time(oauth.expiresAt()), oauth.accountId().orElse(null),
                    oauth.project().orElse(null));
        };
        return new AccountRecord(account.id(), account.name(), account.platform().wireName(), credential,
                account.baseUrl(), account.proxy().map(cipher::encrypt).orElse(null), account.priority(),
                account.maxConcurrency(), List.copyOf(account.groups()), List.copyOf(account.models()),
                account.modelMapping(), account.schedulable(), StatusRecord.of(account.status()),
                account.createdAt().toString(), StoredValues.time(account.lastUsedAt()));
    }

    /**
     * The account this record holds, its secrets decrypted by {@code cipher}.
     *
     * @param source where the record was read, for error messages
     * @throws IllegalStateException when a secret does not decrypt under this key or a field is not readable
     */
    public Account toAccount(CredentialCipher cipher, String source) {
        Platform parsedPlatform = Platform.fromWireName(platform)
                .orElseThrow(() -> StoredValues.invalid(source, "unknown platform " + platform));
        return new Account(id, name, parsedPlatform, credential(cipher, source), baseUrl,
                Optional.ofNullable(proxy).map(cipher::decrypt), priority, maxConcurrency,
                Set.copyOf(StoredValues.listOrEmpty(groups)), Set.copyOf(StoredValues.listOrEmpty(models)),
                modelMapping == null ? Map.of() : modelMapping, schedulable,
                status == null ? AccountStatus.ACTIVE : status.toStatus(source),
                StoredValues.instant(source, createdAt), StoredValues.optionalInstant(source, lastUsedAt));
    }

    private Credential credential(CredentialCipher cipher, String source) {
        if (credential == null) {
            throw StoredValues.invalid(source, "account " + id + " has no credential");
        }
        CredentialKind kind = CredentialKind.fromWireName(credential.kind())
                .orElseThrow(() -> StoredValues.invalid(source, "unknown credential kind " + credential.kind()));
        return switch (kind) {
            case API_KEY -> new Credential.ApiKey(decryptRequired(cipher, credential.apiKey(), "apiKey", source));
            case OAUTH -> new Credential.OAuthTokens(
                    decryptRequired(cipher, credential.accessToken(), "accessToken", source),
                    Optional.ofNullable(credential.refreshToken()).map(cipher::decrypt),
                    StoredValues.optionalInstant(source, credential.expiresAt()),
                    Optional.ofNullable(credential.accountId()), Optional.ofNullable(credential.project()));
        };
    }

    private Secret decryptRequired(CredentialCipher cipher, String stored, String field, String source) {
        if (stored == null) {
            throw StoredValues.invalid(source, "account " + id + " has no " + field);
        }
        return cipher.decrypt(stored);
    }
}
