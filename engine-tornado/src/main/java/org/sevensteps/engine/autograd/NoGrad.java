package org.sevensteps.engine.autograd;

/**
 * A scope in which ops record no graph (PyTorch's {@code torch.no_grad()}), for evaluation and for
 * parameter updates: {@code try (var off = NoGrad.scope()) { ... }}. Scopes nest; per thread.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;

    private NoGrad() {
        DEPTH.get()[0]++;
    }

    /** Turns graph recording off on this thread until {@link #close()}. */
    public static NoGrad scope() {
        return new NoGrad();
    }

    /** True unless this thread is inside a {@link NoGrad} scope. */
    public static boolean isGradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    /** Ends the scope (once; closing twice does nothing). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
