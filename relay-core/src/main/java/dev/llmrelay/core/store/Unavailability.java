package dev.llmrelay.core.store;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.account.AccountQuery;
import dev.llmrelay.api.account.AccountSelection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Why no account can serve a query, and when the first one frees: the one answer every account pool gives
 * when {@code acquire} finds nothing, so clients see the same reasons and {@code retry-after} whichever store
 * the relay runs on.
 */
public final class Unavailability {

    /** The wait suggested when no matching account will free by itself (none is limited until a known time). */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

    /** The wait suggested when accounts are only at their concurrency: a slot usually frees within seconds. */
    public static final Duration CONCURRENCY_RETRY_AFTER = Duration.ofSeconds(1);

    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private Unavailability() {
    }

    /**
     * The verdict for {@code query} over every account of the pool (with their current status), knowing that
     * none could be leased. Accounts this request already tried count too, since they were parked by their
     * failure; an account neither limited, excluded nor paused is taken to be at its concurrency.
     */
    public static AccountSelection.Unavailable of(AccountQuery query, Collection<Account> accounts, Instant now) {
        AccountQuery withoutExclusions = query.withoutExclusions();
        List<Account> matching = accounts.stream().filter(withoutExclusions::admits).toList();
        if (matching.isEmpty()) {
            AccountQuery anyClient = withoutExclusions.anyClient();
            if (query.clientId().isPresent() && accounts.stream().anyMatch(anyClient::admits)) {
                return new AccountSelection.Unavailable(DEFAULT_RETRY_AFTER, false, "the accounts serving model "
                        + query.model() + " are Claude subscriptions, which Anthropic lets only Claude Code use; "
                        + "use Claude Code, or a relay key that reaches an API-key account", true);
            }
            return new AccountSelection.Unavailable(DEFAULT_RETRY_AFTER, false, "no account serves model " + query.model());
        }
        Map<String, Integer> counts = new TreeMap<>();
        Optional<Instant> earliestUntil = Optional.empty();
        boolean anyAtConcurrency = false;
        for (Account account : matching) {
            String why;
            if (!account.status().isAvailableAt(now)) {
                why = account.status().state().wireName();
                Optional<Instant> until = account.status().until();
                if (until.isPresent() && (earliestUntil.isEmpty() || until.get().isBefore(earliestUntil.get()))) {
                    earliestUntil = until;
                }
            } else if (query.excludedAccountIds().contains(account.id())) {
                why = "already failed this request";
            } else if (!account.schedulable()) {
                why = "paused";
            } else {
                why = "at concurrency";
                anyAtConcurrency = true;
            }
            counts.merge(why, 1, Integer::sum);
        }
        Duration retryAfter;
        if (anyAtConcurrency) {
            retryAfter = CONCURRENCY_RETRY_AFTER;
        } else if (earliestUntil.isPresent()) {
            Duration untilFree = Duration.between(now, earliestUntil.get());
            retryAfter = untilFree.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : untilFree;
        } else {
            retryAfter = DEFAULT_RETRY_AFTER;
        }
        return new AccountSelection.Unavailable(retryAfter, true, describe(matching.size(), query.model(), counts));
    }

    private static String describe(int total, String model, Map<String, Integer> counts) {
        String accounts = total == 1 ? "the 1 account" : "all " + total + " accounts";
        String subject = accounts + " serving model " + model;
        if (counts.size() == 1) {
            String why = counts.keySet().iterator().next();
            return subject + (total == 1 ? " is " : " are ") + why;
        }
        StringBuilder reason = new StringBuilder(subject).append(" are unavailable (");
        String separator = "";
        for (Map.Entry<String, Integer> entry : counts.entrySet()) {
            reason.append(separator).append(entry.getValue()).append(' ').append(entry.getKey());
            separator = ", ";
        }
        return reason.append(')').toString();
    }
}
