package dev.llmrelay.api.key;

import dev.llmrelay.api.RelayError;
import java.util.Objects;

/** The outcome of {@link KeyPolicy#admit}: the key may go on, holding a lease, or it is refused. */
public sealed interface KeyDecision {

    record Admitted(KeyLease lease) implements KeyDecision {
        public Admitted {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** Refused, with the error the client gets (401, 403 or 429 with when to retry). */
    record Rejected(RelayError error) implements KeyDecision {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }
}
