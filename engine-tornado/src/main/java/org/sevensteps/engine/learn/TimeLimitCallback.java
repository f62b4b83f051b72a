package org.sevensteps.engine.learn;

import java.time.Duration;

/** Stops training before the next batch once fit has run longer than the limit. */
public final class TimeLimitCallback implements Callback {
    private final Duration limit;
    private long start;

    public TimeLimitCallback(Duration limit) {
        this.limit = limit;
    }

    @Override
    public int order() {
        return -20;
    }

    @Override
    public void beforeFit(Learner l) {
        start = System.nanoTime();
    }

    @Override
    public void beforeBatch(Learner l) {
        if (System.nanoTime() - start > limit.toNanos())
            throw new CancelFitException("time limit of " + limit.toSeconds() + " s reached");
    }
}
