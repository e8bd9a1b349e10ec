package dev.llmrelay.core.chain;

/**
 * One step of a request's way through the relay. A step either answers itself or calls
 * {@link Chain#proceed} exactly once (the failover step may call it again after a failure nothing was sent
 * for), and returns how the request ended.
 */
public interface RelayInterceptor {

    RelayOutcome intercept(Chain chain);

    /** The rest of the chain, as seen by one step. */
    interface Chain {

        /** The call as it reached this step. */
        RelayCall call();

        /** Hands the call to the next step. */
        RelayOutcome proceed(RelayCall call);
    }
}
