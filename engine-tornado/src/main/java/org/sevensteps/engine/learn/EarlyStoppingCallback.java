package org.sevensteps.engine.learn;

/**
 * Stops training when the validation loss has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row; the stop reason says so. Needs a {@link MetricsCallback}.
 */
public final class EarlyStoppingCallback implements Callback {
    private final int patience;
    private final double minDelta;
    private double best;
    private int waited;
    private int seen;

    public EarlyStoppingCallback(int patience, double minDelta) {
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public void beforeFit(Learner l) {
        best = Double.POSITIVE_INFINITY;
        waited = 0;
        seen = 0;
    }

    @Override
    public void afterEpoch(Learner l) {
        MetricsCallback m = l.callback(MetricsCallback.class);
        if (m == null || m.history().size() == seen) return;
        seen = m.history().size();
        double loss = m.last().validLoss();
        if (Double.isNaN(loss)) return;
        if (loss < best - minDelta) {
            best = loss;
            waited = 0;
        } else if (++waited >= patience) {
            throw new CancelFitException("early stop: validation loss did not improve for " + patience
                    + " epoch" + (patience == 1 ? "" : "s") + " (best " + String.format("%.4f", best) + ")");
        }
    }
}
