package org.sevensteps.engine.learn;

/**
 * Tells a {@link ProgressListener} about each training batch and each finished epoch. Reads the
 * epoch figures from the learner's {@link MetricsCallback}, which must be present.
 */
public final class ProgressCallback implements Callback {
    private final ProgressListener listener;
    private int reported;

    public ProgressCallback(ProgressListener listener) {
        this.listener = listener;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void beforeFit(Learner l) {
        if (l.callback(MetricsCallback.class) == null)
            throw new IllegalStateException("ProgressCallback needs a MetricsCallback in the same learner");
        reported = 0;
    }

    @Override
    public void afterBatch(Learner l) {
        if (l.isTraining()) listener.onBatch(l.epoch() + 1, l.batchIndex() + 1, l.batchCount(), l.loss().item());
    }

    @Override
    public void afterEpoch(Learner l) {
        MetricsCallback m = l.callback(MetricsCallback.class);
        if (m.history().size() > reported) {
            reported = m.history().size();
            listener.onEpoch(m.last());
        }
    }
}
