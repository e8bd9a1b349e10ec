package dev.llmrelay.core.chain;

import dev.llmrelay.api.account.AccountLease;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.core.event.CallEvents;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.request.InspectedRequest;
import dev.llmrelay.core.route.PathParameters;
import dev.llmrelay.core.route.Route;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One client request on its way through the chain. Each step adds what it learnt (the admitted key, the
 * leased account) by making a new call; nothing is changed in place.
 *
 * @param startedAt wall-clock time the request arrived, for usage periods
 * @param startNanos {@link System#nanoTime()} when it arrived, for latency
 * @param events where steps report what they learn, for the relay's event listeners
 */
public record RelayCall(
        ClientRequest request,
        ResponseChannel response,
        Route route,
        PathParameters parameters,
        InspectedRequest inspected,
        Instant startedAt,
        long startNanos,
        Optional<KeyLease> key,
        Optional<AccountLease> account,
        CallEvents events) {

    public RelayCall {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(inspected, "inspected");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(events, "events");
    }

    public RelayCall withKey(KeyLease lease) {
        return new RelayCall(request, response, route, parameters, inspected, startedAt, startNanos, Optional.of(lease),
                account, events);
    }

    public RelayCall withAccount(AccountLease lease) {
        return new RelayCall(request, response, route, parameters, inspected, startedAt, startNanos, key,
                Optional.of(lease), events);
    }

    /** The admitted key's lease; only steps after the key check may ask. */
    public KeyLease requireKey() {
        return key.orElseThrow(() -> new IllegalStateException("this step runs after the key check"));
    }

    /** The leased account; only steps after the account choice may ask. */
    public AccountLease requireAccount() {
        return account.orElseThrow(() -> new IllegalStateException("this step runs after the account choice"));
    }
}
