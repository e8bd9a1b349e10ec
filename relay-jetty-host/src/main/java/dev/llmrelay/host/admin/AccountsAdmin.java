package dev.llmrelay.host.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Platform;
import dev.llmrelay.api.Secret;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.AccountStatus;
import dev.llmrelay.api.account.Credential;
import dev.llmrelay.api.account.CredentialKind;
import dev.llmrelay.core.oauth.CredentialFiles;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** {@code /admin/v1/accounts}: list, create, read, change and delete upstream accounts; secrets never leave. */
final class AccountsAdmin {
    private static final Set<String> FIELDS = Set.of("name", "platform", "kind", "apiKey", "oauth", "credentialsFile",
            "baseUrl", "proxy", "priority", "maxConcurrency", "groups", "models", "modelMapping", "schedulable");
    private static final Set<String> OAUTH_FIELDS = Set.of("accessToken", "refreshToken", "expiresAt", "accountId",
            "project");
    private static final ObjectMapper FILE_JSON = new ObjectMapper();

    private final AccountPool pool;
    private final Ids ids;
    private final Clock clock;

    AccountsAdmin(AccountPool pool, Ids ids, Clock clock) {
        this.pool = pool;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * An account as the admin API shows it: every field but the secrets, the proxy's password masked; of
     * {@code oauth} only the tokens' expiry; and, read-only, the requests in flight on it now.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccountView(String id, String name, String platform, String kind, OAuthView oauth, String baseUrl,
                       String proxy, int priority, int maxConcurrency, int inFlight, List<String> groups, List<String> models,
                       Map<String, String> modelMapping, boolean schedulable, StatusView status, String createdAt,
                       String lastUsedAt) {
    }

    /**
     * What the admin API shows of OAuth tokens: when the access token expires, whether the relay can refresh it, and
     * the provider account and Code Assist project they act for; never a token.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OAuthView(String expiresAt, boolean refreshable, String accountId, String project) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusView(String state, String reason, String until) {
    }

    record Items<T>(List<T> items) {
    }

    Items<AccountView> list() {
        return new Items<>(pool.list().stream()
                .sorted(java.util.Comparator.comparing(Account::createdAt).thenComparing(Account::id))
                .map(this::view).toList());
    }

    AccountView read(String id) {
        return view(existing(id));
    }

    AccountView create(JsonNode body) {
        JsonFields fields = JsonFields.of(body, FIELDS);
        Platform platform = platform(fields.requiredString("platform"));
        Account account = draft(fields, platform, credential(fields, platform, Optional.empty()), fields.requiredString("name"));
        pool.save(account);
        return view(account);
    }

    /**
     * A new account of {@code platform} from the account fields of an OAuth finish, holding the tokens the sign-in
     * got; not saved yet. The fields may not carry a credential of their own.
     */
    Account draftSignedIn(JsonNode body, Platform platform, Credential.OAuthTokens tokens) {
        JsonFields fields = JsonFields.of(body, FIELDS);
        for (String credentialField : new String[] {"apiKey", "oauth", "credentialsFile"}) {
            if (fields.has(credentialField)) {
                throw AdminException.invalid(credentialField + " is not taken here: the sign-in gives the tokens");
            }
        }
        if (fields.string("kind").filter(kind -> !kind.equals(CredentialKind.OAUTH.wireName())).isPresent()) {
            throw AdminException.invalid("kind must be oauth for a signed-in account");
        }
        if (fields.string("platform").filter(given -> !given.equals(platform.wireName())).isPresent()) {
            throw AdminException.invalid("platform must be " + platform.wireName() + ", the sign-in's platform");
        }
        return draft(fields, platform, tokens, fields.string("name").orElse(platform.wireName() + " subscription"));
    }

    /** Saves a new account and answers its view. */
    AccountView saveNew(Account account) {
        pool.save(account);
        return view(account);
    }

    /** Checks the proxy field alone: a sign-in's token calls go through the account's proxy. */
    static Optional<Secret> proxyOf(JsonNode body) {
        return body != null && body.hasNonNull("proxy") ? proxy(JsonFields.of(body, FIELDS)) : Optional.empty();
    }

    private Account draft(JsonFields fields, Platform platform, Credential credential, String name) {
        return new Account(ids.newId("acc"), name, platform, credential,
                baseUrl(fields, platform, credential.kind()), proxy(fields), fields.integer("priority").orElse(Account.DEFAULT_PRIORITY),
                maxConcurrency(fields).orElse(0), fields.stringSet("groups"), fields.stringSet("models"),
                fields.stringMap("modelMapping"), fields.bool("schedulable").orElse(true), AccountStatus.ACTIVE,
                clock.instant(), Optional.empty());
    }

    AccountView change(String id, JsonNode body) {
        Account current = existing(id);
        JsonFields fields = JsonFields.of(body, FIELDS);
        Platform platform = fields.has("platform") ? platform(fields.requiredString("platform")) : current.platform();
        boolean newCredential = fields.has("kind") || fields.has("apiKey") || fields.has("oauth")
                || fields.has("credentialsFile");
        Credential credential = newCredential ? credential(fields, platform, Optional.of(current.credential()))
                : current.credential();
        String baseUrl = fields.has("baseUrl") ? baseUrl(fields, platform, credential.kind()) : current.baseUrl();
        var changed = new Account(current.id(),
                fields.has("name") ? fields.requiredString("name") : current.name(),
                platform, credential, baseUrl,
                fields.has("proxy") ? proxy(fields) : current.proxy(),
                fields.has("priority") ? fields.integer("priority").orElse(Account.DEFAULT_PRIORITY) : current.priority(),
                fields.has("maxConcurrency") ? maxConcurrency(fields).orElse(0) : current.maxConcurrency(),
                fields.has("groups") ? fields.stringSet("groups") : current.groups(),
                fields.has("models") ? fields.stringSet("models") : current.models(),
                fields.has("modelMapping") ? fields.stringMap("modelMapping") : current.modelMapping(),
                fields.has("schedulable") ? fields.bool("schedulable").orElse(true) : current.schedulable(),
                newCredential ? AccountStatus.ACTIVE : current.status(),
                current.createdAt(), current.lastUsedAt());
        if (newCredential) {
            pool.save(changed);
        } else if (!pool.updateSettings(changed)) { // keeps a token refreshed since `current` was read
            throw AdminException.notFound("no account " + id);
        }
        return view(changed);
    }

    void delete(String id) {
        if (!pool.delete(id)) {
            throw AdminException.notFound("no account " + id);
        }
    }

    private Account existing(String id) {
        return pool.find(id).orElseThrow(() -> AdminException.notFound("no account " + id));
    }

    private static Platform platform(String name) {
        return Platform.fromWireName(name).orElseThrow(() -> AdminException.invalid(
                "platform must be one of claude, openai, gemini, droid, openai-compatible"));
    }

    /** The credential the fields describe; a PATCH may give a new key or tokens for the current kind. */
    private static Credential credential(JsonFields fields, Platform platform, Optional<Credential> current) {
        Optional<CredentialKind> givenKind = fields.string("kind").map(name -> CredentialKind.fromWireName(name)
                .orElseThrow(() -> AdminException.invalid("kind must be api-key or oauth")));
        boolean hasApiKey = fields.hasValue("apiKey");
        boolean hasFile = fields.hasValue("credentialsFile");
        boolean hasOAuth = fields.hasValue("oauth") || hasFile;
        if (hasApiKey && hasOAuth) {
            throw AdminException.invalid("give apiKey (kind api-key) or oauth (kind oauth), not both");
        }
        if (fields.hasValue("oauth") && hasFile) {
            throw AdminException.invalid("give oauth or credentialsFile, not both");
        }
        CredentialKind kind = givenKind
                .or(() -> hasApiKey ? Optional.of(CredentialKind.API_KEY) : Optional.empty())
                .or(() -> hasOAuth ? Optional.of(CredentialKind.OAUTH) : Optional.empty())
                .or(() -> current.map(Credential::kind))
                .orElseThrow(() -> AdminException.invalid("kind is required: api-key with apiKey, or oauth with oauth"));
        return switch (kind) {
            case API_KEY -> {
                if (hasOAuth) {
                    throw AdminException.invalid("kind api-key takes apiKey, not oauth");
                }
                if (!hasApiKey) {
                    if (current.orElse(null) instanceof Credential.ApiKey same) {
                        yield same;
                    }
                    throw AdminException.invalid("apiKey is required with kind api-key");
                }
                yield new Credential.ApiKey(Secret.of(fields.requiredString("apiKey")));
            }
            case OAUTH -> {
                if (hasApiKey) {
                    throw AdminException.invalid("kind oauth takes oauth, not apiKey");
                }
                if (!hasOAuth) {
                    if (current.orElse(null) instanceof Credential.OAuthTokens same) {
                        yield same;
                    }
                    throw AdminException.invalid("oauth is required with kind oauth");
                }
                if (hasFile) {
                    yield credentialsFile(fields.raw("credentialsFile"), platform);
                }
                JsonFields oauth = fields.object("oauth", OAUTH_FIELDS);
                yield new Credential.OAuthTokens(Secret.of(oauth.requiredString("accessToken")),
                        oauth.string("refreshToken").filter(t -> !t.isBlank()).map(Secret::of),
                        oauth.instant("expiresAt"), oauth.string("accountId").filter(id -> !id.isBlank()),
                        oauth.string("project").filter(project -> !project.isBlank()));
            }
        };
    }

    /** The tokens of a CLI's credentials file, given as its JSON object or as the file's text. */
    private static Credential credentialsFile(JsonNode given, Platform platform) {
        JsonNode file = given;
        if (given.isTextual()) {
            try {
                file = FILE_JSON.readTree(given.asText());
            } catch (JsonProcessingException e) {
                throw AdminException.invalid("credentialsFile is not valid JSON");
            }
        }
        return switch (CredentialFiles.read(platform, file, FILE_JSON)) {
            case CredentialFiles.Read.Tokens tokens -> tokens.tokens();
            case CredentialFiles.Read.Unreadable unreadable -> throw AdminException.invalid(unreadable.why());
        };
    }

    /**
     * The given base URL, or the provider's own: subscription (OAuth) accounts of OpenAI and Gemini live on
     * other hosts than their API keys (ChatGPT's Codex backend, Google's Code Assist).
     */
    private static String baseUrl(JsonFields fields, Platform platform, CredentialKind kind) {
        Optional<String> given = fields.string("baseUrl").filter(url -> !url.isBlank());
        boolean oauth = kind == CredentialKind.OAUTH;
        if (given.isEmpty()) {
            return switch (platform) {
                case CLAUDE -> "https://api.anthropic.com";
                case OPENAI -> oauth ? "https://chatgpt.com/backend-api/codex" : "https://api.openai.com/v1";
                case GEMINI -> oauth ? "https://cloudcode-pa.googleapis.com" : "https://generativelanguage.googleapis.com";
                case DROID -> "https://api.factory.ai/api/llm";
                case OPENAI_COMPATIBLE -> throw AdminException.invalid("baseUrl is required for openai-compatible accounts");
            };
        }
        String url = given.get().strip();
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw AdminException.invalid("baseUrl must be an http:// or https:// URL");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw AdminException.invalid("baseUrl must not hold a query, fragment or credentials");
            }
        } catch (URISyntaxException e) {
            throw AdminException.invalid("baseUrl must be an http:// or https:// URL");
        }
        return url;
    }

    private static Optional<Secret> proxy(JsonFields fields) {
        return fields.string("proxy").filter(url -> !url.isBlank()).map(url -> {
            try {
                URI uri = new URI(url.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!Set.of("http", "https", "socks5").contains(scheme) || uri.getHost() == null) {
                    throw AdminException.invalid("proxy must be an http://, https:// or socks5:// URL with a host");
                }
                return Secret.of(url.strip());
            } catch (URISyntaxException e) {
                throw AdminException.invalid("proxy must be an http://, https:// or socks5:// URL with a host");
            }
        });
    }

    private static Optional<Integer> maxConcurrency(JsonFields fields) {
        Optional<Integer> value = fields.integer("maxConcurrency");
        if (value.isPresent() && value.get() < 0) {
            throw AdminException.invalid("maxConcurrency must be 0 (unlimited) or more");
        }
        return value;
    }

    private AccountView view(Account account) {
        AccountStatus status = account.status().asOf(clock.instant());
        return new AccountView(account.id(), account.name(), account.platform().wireName(),
                account.credential().kind().wireName(), oauthView(account.credential()), account.baseUrl(),
                account.proxy().map(AccountsAdmin::maskedProxy).orElse(null), account.priority(),
                account.maxConcurrency(), pool.inFlight(account.id()), sorted(account.groups()), sorted(account.models()),
                new TreeMap<>(account.modelMapping()), account.schedulable(),
                new StatusView(status.state().wireName(), status.reason().orElse(null),
                        status.until().map(Instant::toString).orElse(null)),
                account.createdAt().toString(), account.lastUsedAt().map(Instant::toString).orElse(null));
    }

    /** Sets come back in one stable order, whatever order the store keeps them in. */
    static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static OAuthView oauthView(Credential credential) {
        if (credential instanceof Credential.OAuthTokens tokens) {
            return new OAuthView(tokens.expiresAt().map(Instant::toString).orElse(null), tokens.refreshToken().isPresent(),
                    tokens.accountId().orElse(null), tokens.project().orElse(null));
        }
        return null;
    }

    /** The proxy URL with its password replaced by {@code ****}. */
    static String maskedProxy(Secret proxy) {
        try {
            URI uri = new URI(proxy.reveal());
            String userInfo = uri.getRawUserInfo();
            if (userInfo == null) {
                return proxy.reveal();
            }
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            return uri.getScheme() + "://" + user + ":****@" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (URISyntaxException e) {
            return "****";
        }
    }
}
