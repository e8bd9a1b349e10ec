package dev.llmrelay.core.key;

import dev.llmrelay.api.key.AccessRequest;
import dev.llmrelay.api.key.KeyDecision;
import dev.llmrelay.api.key.KeyLease;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.event.RelayEventListener.LeaseKind;
import dev.llmrelay.core.route.Operation;
import java.util.Objects;

/**
 * Admits the request's relay key, taking its limits, or refuses it (401, 403, 429). The key's lease is held
 * until the rest of the chain has answered.
 */
public final class KeyCheckInterceptor implements RelayInterceptor {
    private final KeyPolicy keys;
    private final ClientRecognizer clients;

    public KeyCheckInterceptor(KeyPolicy keys, ClientRecognizer clients) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clients = Objects.requireNonNull(clients, "clients");
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        var presented = PresentedKey.in(call.request());
        if (presented.isEmpty()) {
            return new RelayOutcome.Refused(PresentedKey.missing());
        }
        var headers = call.request().headers();
        String model = call.route().operation() == Operation.LIST_MODELS ? "" : call.inspected().model();
        var access = new AccessRequest(call.route().service(), model, clients.recognise(headers),
                headers.first("user-agent").orElse(""));
        return switch (keys.admit(presented.get(), access)) {
            case KeyDecision.Rejected rejected -> new RelayOutcome.Refused(rejected.error());
            case KeyDecision.Admitted admitted -> {
                call.events().keyAdmitted(admitted.lease().key().id());
                call.events().leaseTaken(LeaseKind.KEY);
                try (KeyLease lease = admitted.lease()) {
                    yield chain.proceed(call.withKey(lease));
                } finally {
                    call.events().leaseReleased(LeaseKind.KEY);
                }
            }
        };
    }
}
