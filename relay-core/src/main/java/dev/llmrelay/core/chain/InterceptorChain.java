package dev.llmrelay.core.chain;

import java.util.List;
import java.util.Objects;

/**
 * The chain as the step at {@code index} sees it: {@link #proceed} runs the step at {@code index + 1}
 * with a chain of its own.
 */
public final class InterceptorChain implements RelayInterceptor.Chain {
    private final List<RelayInterceptor> interceptors;
    private final int index;
    private final RelayCall call;

    private InterceptorChain(List<RelayInterceptor> interceptors, int index, RelayCall call) {
        this.interceptors = interceptors;
        this.index = index;
        this.call = call;
    }

    /** Runs {@code call} through every step; the last one must answer rather than proceed. */
    public static RelayOutcome run(List<RelayInterceptor> interceptors, RelayCall call) {
        if (interceptors.isEmpty()) {
            throw new IllegalArgumentException("a chain needs a last step that answers");
        }
        return new InterceptorChain(List.copyOf(interceptors), 0, call).runStep();
    }

    @Override
    public RelayCall call() {
        return call;
    }

    @Override
    public RelayOutcome proceed(RelayCall next) {
        Objects.requireNonNull(next, "next");
        if (index + 1 >= interceptors.size()) {
            throw new IllegalStateException("the last step must answer, not proceed");
        }
        return new InterceptorChain(interceptors, index + 1, next).runStep();
    }

    private RelayOutcome runStep() {
        RelayInterceptor step = interceptors.get(index);
        RelayOutcome outcome = step.intercept(this);
        return Objects.requireNonNull(outcome, () -> step.getClass().getName() + " returned no outcome");
    }
}
