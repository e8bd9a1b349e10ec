package dev.llmrelay.core.store.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.core.store.format.AccountRecord;
import dev.llmrelay.core.store.format.CredentialCipher;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

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
    private static final String SOURCE = NAME + " of the data directory";

    private final ObjectMapper mapper;
    private final CredentialCipher cipher;

    AccountsFile(ObjectMapper mapper, CredentialCipher cipher) {
        this.mapper = mapper;
        this.cipher = cipher;
    }

    byte[] encode(List<Account> accounts) throws IOException {
        List<AccountRecord> entries = accounts.stream()
                .sorted(Comparator.comparing(Account::id))
                .map(account -> AccountRecord.of(account, cipher))
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
        return StoredFormat.listOrEmpty(document.accounts()).stream()
                .map(entry -> entry.toAccount(cipher, SOURCE))
                .toList();
    }

    record AccountsDocument(int version, List<AccountRecord> accounts) {
    }
}
