package dev.llmrelay.host.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmrelay.api.Service;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.key.KeyHash;
import dev.llmrelay.api.key.KeyLimits;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.key.KeyStanding;
import dev.llmrelay.api.key.RelayKey;
import dev.llmrelay.core.key.AllowedClients;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** {@code /admin/v1/keys}: issue relay keys (the plaintext is shown once), list, read, change, delete. */
final class KeysAdmin {
    private static final Set<String> FIELDS = Set.of("name", "enabled", "services", "allowedModels", "blockedModels",
            "allowedClients", "boundAccount", "boundGroup", "expiresAt", "expiresAfterFirstUseDays", "limits");
    private static final Set<String> LIMIT_FIELDS = Set.of("windowSeconds", "requestsPerWindow", "tokensPerWindow",
            "costPerDayUsd", "costPerWeekUsd", "costTotalUsd", "maxConcurrency");

    private final KeyPolicy keys;
    private final AccountPool accounts;
    private final Ids ids;
    private final Clock clock;

    KeysAdmin(KeyPolicy keys, AccountPool accounts, Ids ids, Clock clock) {
        this.keys = keys;
        this.accounts = accounts;
        this.ids = ids;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LimitsView(Integer windowSeconds, Long requestsPerWindow, Long tokensPerWindow, Double costPerDayUsd,
                      Double costPerWeekUsd, Double costTotalUsd, Integer maxConcurrency) {
    }

    /**
     * Where the key stands against its limits now (read-only): requests and tokens in its current window, spend
     * today, this ISO week and in all, requests in flight. Shown whether or not the key has limits.
     */
    record StandingView(long requestsInWindow, long tokensInWindow, double costTodayUsd, double costWeekUsd,
                        double costTotalUsd, int inFlight) {
        static StandingView of(KeyStanding standing) {
            return new StandingView(standing.requestsInWindow(), standing.tokensInWindow(),
                    money(standing.costTodayUsd()), money(standing.costWeekUsd()), money(standing.costTotalUsd()),
                    standing.inFlight());
        }

        /** USD to the nano-dollar, so that sums of small costs read as they were counted. */
        private static double money(double usd) {
            return BigDecimal.valueOf(usd).setScale(9, RoundingMode.HALF_EVEN).doubleValue();
        }
    }

    /** A key as the admin API shows it, without the plaintext. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyView(String id, String name, boolean enabled, List<String> services, List<String> allowedModels,
                   List<String> blockedModels, List<String> allowedClients, String boundAccount, String boundGroup,
                   String expiresAt, Integer expiresAfterFirstUseDays, LimitsView limits, StandingView standing,
                   String createdAt, String firstUsedAt, String lastUsedAt) {
    }

    /** The create answer: the view and, this once, the plaintext key. */
    record CreatedKey(String key, @JsonUnwrapped KeyView view) {
    }

    AccountsAdmin.Items<KeyView> list() {
        return new AccountsAdmin.Items<>(keys.list().stream()
                .sorted(Comparator.comparing(RelayKey::createdAt).thenComparing(RelayKey::id))
                .map(this::view).toList());
    }

    KeyView read(String id) {
        return view(existing(id));
    }

    CreatedKey create(JsonNode body) {
        JsonFields fields = JsonFields.of(body, FIELDS);
        String plaintext = ids.newRelayKey();
        var key = new RelayKey(ids.newId("key"), fields.requiredString("name"), KeyHash.of(plaintext),
                fields.bool("enabled").orElse(true), services(fields), fields.stringSet("allowedModels"),
                fields.stringSet("blockedModels"), allowedClients(fields), boundAccount(fields),
                fields.string("boundGroup").filter(g -> !g.isBlank()), fields.instant("expiresAt"),
                expiresAfterFirstUseDays(fields), limits(fields), clock.instant(), Optional.empty(), Optional.empty());
        keys.save(key);
        return new CreatedKey(plaintext, view(key));
    }

    KeyView change(String id, JsonNode body) {
        RelayKey current = existing(id);
        JsonFields fields = JsonFields.of(body, FIELDS);
        var changed = new RelayKey(current.id(),
                fields.has("name") ? fields.requiredString("name") : current.name(),
                current.hash(),
                fields.has("enabled") ? fields.bool("enabled").orElse(true) : current.enabled(),
                fields.has("services") ? services(fields) : current.services(),
                fields.has("allowedModels") ? fields.stringSet("allowedModels") : current.allowedModels(),
                fields.has("blockedModels") ? fields.stringSet("blockedModels") : current.blockedModels(),
                fields.has("allowedClients") ? allowedClients(fields) : current.allowedClients(),
                fields.has("boundAccount") ? boundAccount(fields) : current.boundAccountId(),
                fields.has("boundGroup") ? fields.string("boundGroup").filter(g -> !g.isBlank()) : current.boundGroup(),
                fields.has("expiresAt") ? fields.instant("expiresAt") : current.expiresAt(),
                fields.has("expiresAfterFirstUseDays") ? expiresAfterFirstUseDays(fields) : current.expiresAfterFirstUseDays(),
                fields.has("limits") ? limits(fields) : current.limits(),
                current.createdAt(), current.firstUsedAt(), current.lastUsedAt());
        keys.save(changed);
        return view(changed);
    }

    void delete(String id) {
        if (!keys.delete(id)) {
            throw AdminException.notFound("no key " + id);
        }
    }

    private RelayKey existing(String id) {
        return keys.find(id).orElseThrow(() -> AdminException.notFound("no key " + id));
    }

    private static Set<Service> services(JsonFields fields) {
        var services = new LinkedHashSet<Service>();
        for (String name : fields.stringSet("services")) {
            services.add(Service.fromWireName(name).orElseThrow(() -> AdminException.invalid(
                    "services may hold claude, openai, gemini and droid, not '" + name + "'")));
        }
        return services;
    }

    /** Known client ids or User-Agent patterns with {@code *}; anything else is a 400 naming the value. */
    private static Set<String> allowedClients(JsonFields fields) {
        Set<String> clients = fields.stringSet("allowedClients");
        for (String client : clients) {
            AllowedClients.problemWith(client).ifPresent(problem -> {
                throw AdminException.invalid("allowedClients: " + problem);
            });
        }
        return clients;
    }

    private Optional<String> boundAccount(JsonFields fields) {
        Optional<String> id = fields.string("boundAccount").filter(a -> !a.isBlank());
        if (id.isPresent() && accounts.find(id.get()).isEmpty()) {
            throw AdminException.invalid("boundAccount names no account: " + id.get());
        }
        return id;
    }

    private static OptionalInt expiresAfterFirstUseDays(JsonFields fields) {
        Optional<Integer> days = fields.integer("expiresAfterFirstUseDays");
        if (days.isPresent() && days.get() <= 0) {
            throw AdminException.invalid("expiresAfterFirstUseDays must be a positive number of days");
        }
        return days.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private static KeyLimits limits(JsonFields fields) {
        if (!fields.hasValue("limits")) {
            return KeyLimits.NONE;
        }
        JsonFields limits = fields.object("limits", LIMIT_FIELDS);
        try {
            return new KeyLimits(
                    optionalInt(limits.integer("windowSeconds")),
                    optionalLong(limits.longValue("requestsPerWindow")),
                    optionalLong(limits.longValue("tokensPerWindow")),
                    cost(limits, "costPerDayUsd"),
                    cost(limits, "costPerWeekUsd"),
                    cost(limits, "costTotalUsd"),
                    optionalInt(limits.integer("maxConcurrency")));
        } catch (IllegalArgumentException e) {
            throw AdminException.invalid("limits." + e.getMessage());
        }
    }

    /** A cost limit; checked here so that the 400 names which one is negative. */
    private static OptionalDouble cost(JsonFields limits, String field) {
        Optional<Double> value = limits.number(field);
        if (value.isPresent() && value.get() < 0) {
            throw AdminException.invalid(limits.name(field) + " must not be negative");
        }
        return optionalDouble(value);
    }

    private static OptionalInt optionalInt(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private static OptionalLong optionalLong(Optional<Long> value) {
        return value.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static OptionalDouble optionalDouble(Optional<Double> value) {
        return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    private KeyView view(RelayKey key) {
        KeyLimits limits = key.limits();
        LimitsView limitsView = limits.equals(KeyLimits.NONE) && limits.windowSeconds().isEmpty() ? null
                : new LimitsView(boxed(limits.windowSeconds()), boxed(limits.requestsPerWindow()),
                        boxed(limits.tokensPerWindow()), boxed(limits.costPerDayUsd()), boxed(limits.costPerWeekUsd()),
                        boxed(limits.costTotalUsd()), boxed(limits.maxConcurrency()));
        return new KeyView(key.id(), key.name(), key.enabled(),
                key.services().stream().map(Service::wireName).sorted().toList(),
                AccountsAdmin.sorted(key.allowedModels()), AccountsAdmin.sorted(key.blockedModels()),
                AccountsAdmin.sorted(key.allowedClients()),
                key.boundAccountId().orElse(null), key.boundGroup().orElse(null),
                key.expiresAt().map(Instant::toString).orElse(null), boxed(key.expiresAfterFirstUseDays()), limitsView,
                StandingView.of(keys.standing(key.id()).orElse(KeyStanding.NONE)), key.createdAt().toString(), key.firstUsedAt().map(Instant::toString).orElse(null),
                key.lastUsedAt().map(Instant::toString).orElse(null));
    }

    private static Integer boxed(OptionalInt value) {
        return value.isPresent() ? value.getAsInt() : null;
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
