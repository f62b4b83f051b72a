package org.sevensteps.engine.learn;

import java.util.function.BooleanSupplier;

/**
 * Stops training before the next batch once {@code cancelled} says so (e.g. an
 * {@code AtomicBoolean::get} a teacher or a DELETE request sets).
 */
public final class CancelCallback implements Callback {
    private final BooleanSupplier cancelled;

    public CancelCallback(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
    }

    @Override
    public int order() {
        return -20;
    }

    @Override
    public void beforeBatch(Learner l) {
        if (cancelled.getAsBoolean()) throw new CancelFitException("cancelled");
    }
}
