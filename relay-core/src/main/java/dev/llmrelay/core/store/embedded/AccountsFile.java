package dev.llmrelay.core.store.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountState;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.account.CredentialKind;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The format of {@code accounts.json}: every account, its secrets (API key, OAuth tokens, proxy URL)
 * encrypted by the {@link CredentialCipher}, times as ISO-8601 UTC strings.
 *
 * <pre>{@code
 * {"version": 1, "accounts": [{"id": "...", "name": "...", "platform": "claude",
 *   "credential": {"kind": "api-key", "apiKey": "v1:..."},
 *   "baseUrl": "https://api.anthropic.com", "proxy": "v1:...", "priority": 50, "maxConcurrency": 0,
 *   "groups": [], "models": [], "modelMapping": {}, "schedulable": true,
 *   "status": {"state": "rate-limited", "reason": "...", "until": "2026-11-23T14:00:00Z"},
 *   "createdAt": "...", "lastUsedAt": "..."}]}
 * }</pre>
 */
final class AccountsFile {
    static final String NAME = "accounts.json";
    static final int VERSION = 1;

    private final ObjectMapper mapper;
    private final CredentialCipher cipher;

    AccountsFile(ObjectMapper mapper, CredentialCipher cipher) {
        this.mapper = mapper;
        this.cipher = cipher;
    }

    byte[] encode(List<Account> accounts) throws IOException {
        List<AccountEntry> entries = accounts.stream()
                .sorted(Comparator.comparing(Account::id))
                .map(this::entry)
                .toList();
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(new AccountsDocument(VERSION, entries));
    }

    /**
     * The accounts {@code content} holds.
     *
     * @throws IllegalStateException when a credential does not decrypt under this key, or the file is not
     *     this format
     */
    List<Account> decode(byte[] content) throws IOException {
        AccountsDocument document = mapper.readValue(content, AccountsDocument.class);
        StoredFormat.requireVersion(NAME, document.version(), VERSION);
        return StoredFormat.listOrEmpty(document.accounts()).stream().map(this::account).toList();
    }

    private AccountEntry entry(Account account) {
        CredentialEntry credential = switch (account.credential()) {
            case Credential.ApiKey apiKey -> new CredentialEntry(
                    CredentialKind.API_KEY.wireName(), cipher.encrypt(apiKey.key()), null, null, null);
            case Credential.OAuthTokens oauth -> new CredentialEntry(CredentialKind.OAUTH.wireName(), null,
                    cipher.encrypt(oauth.accessToken()),
                    oauth.refreshToken().map(cipher::encrypt).orElse(null),
                    StoredFormat.time(oauth.expiresAt()));
        };
        AccountStatus status = account.status();
        return new AccountEntry(account.id(), account.name(), account.platform().wireName(), credential,
                account.baseUrl(), account.proxy().map(cipher::encrypt).orElse(null), account.priority(),
                account.maxConcurrency(), List.copyOf(account.groups()), List.copyOf(account.models()),
                account.modelMapping(), account.schedulable(),
                new StatusEntry(status.state().wireName(), status.reason().orElse(null),
                        StoredFormat.time(status.until())),
                account.createdAt().toString(), StoredFormat.time(account.lastUsedAt()));
    }

    private Account account(AccountEntry entry) {
        Platform platform = Platform.fromWireName(entry.platform())
                .orElseThrow(() -> StoredFormat.invalid(NAME, "unknown platform " + entry.platform()));
        return new Account(entry.id(), entry.name(), platform, credential(entry.credential()), entry.baseUrl(),
                Optional.ofNullable(entry.proxy()).map(cipher::decrypt), entry.priority(), entry.maxConcurrency(),
                Set.copyOf(StoredFormat.listOrEmpty(entry.groups())),
                Set.copyOf(StoredFormat.listOrEmpty(entry.models())),
                entry.modelMapping() == null ? Map.of() : entry.modelMapping(), entry.schedulable(),
                status(entry.status()), StoredFormat.instant(entry.createdAt()),
                StoredFormat.optionalInstant(entry.lastUsedAt()));
    }

    private Credential credential(CredentialEntry entry) {
        if (entry == null) {
            throw StoredFormat.invalid(NAME, "an account has no credential");
        }
        CredentialKind kind = CredentialKind.fromWireName(entry.kind())
                .orElseThrow(() -> StoredFormat.invalid(NAME, "unknown credential kind " + entry.kind()));
        return switch (kind) {
            case API_KEY -> new Credential.ApiKey(decryptRequired(entry.apiKey(), "apiKey"));
            case OAUTH -> new Credential.OAuthTokens(decryptRequired(entry.accessToken(), "accessToken"),
                    Optional.ofNullable(entry.refreshToken()).map(cipher::decrypt),
                    StoredFormat.optionalInstant(entry.expiresAt()));
        };
    }

    private Secret decryptRequired(String stored, String field) {
        if (stored == null) {
            throw StoredFormat.invalid(NAME, "a credential has no " + field);
        }
        return cipher.decrypt(stored);
    }

    private static AccountStatus status(StatusEntry entry) {
        if (entry == null) {
            return AccountStatus.ACTIVE;
        }
        AccountState state = Arrays.stream(AccountState.values())
                .filter(candidate -> candidate.wireName().equals(entry.state()))
                .findFirst()
                .orElseThrow(() -> StoredFormat.invalid(NAME, "unknown account state " + entry.state()));
        return new AccountStatus(state, Optional.ofNullable(entry.reason()),
                StoredFormat.optionalInstant(entry.until()));
    }

    record AccountsDocument(int version, List<AccountEntry> accounts) {
    }

    record AccountEntry(
            String id,
            String name,
            String platform,
            CredentialEntry credential,
            String baseUrl,
            String proxy,
            int priority,
            int maxConcurrency,
            List<String> groups,
            List<String> models,
            Map<String, String> modelMapping,
            boolean schedulable,
            StatusEntry status,
            String createdAt,
            String lastUsedAt) {
    }

    /** Secrets here are {@link CredentialCipher} values, never plaintext. */
    record CredentialEntry(String kind, String apiKey, String accessToken, String refreshToken, String expiresAt) {
    }

    record StatusEntry(String state, String reason, String until) {
    }
}
