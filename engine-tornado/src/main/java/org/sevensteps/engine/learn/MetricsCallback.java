package org.sevensteps.engine.learn;

import java.util.ArrayList;
import java.util.List;
import org.sevensteps.engine.loss.Metrics.Metric;

/**
 * Measures each epoch: mean training loss, the time of the training pass, mean validation loss and a
 * validation metric (e.g. {@code Metrics::accuracy}); keeps the history. Runs early (order -10) so
 * later callbacks can read {@link #last()} in their afterEpoch.
 */
public final class MetricsCallback implements Callback {
    private final Metric metric;
    private final List<EpochStats> history = new ArrayList<>();
    private double trainSum, validSum, metricSum;
    private int trainCount, validCount;
    private long trainStart;
    private double trainSeconds;

    /** @param metric the validation metric, or null for none */
    public MetricsCallback(Metric metric) {
        this.metric = metric;
    }

    @Override
    public int order() {
        return -10;
    }

    @Override
    public void beforeFit(Learner l) {
        history.clear();
    }

    @Override
    public void beforeEpoch(Learner l) {
        if (l.isTraining()) {
            trainSum = 0;
            trainCount = 0;
            trainStart = System.nanoTime();
        } else {
            validSum = metricSum = 0;
            validCount = 0;
        }
    }

    @Override
    public void afterBatch(Learner l) {
        int n = l.batch().size();
        double loss = l.loss().item();
        if (l.isTraining()) {
            trainSum += loss * n;
            trainCount += n;
        } else {
            validSum += loss * n;
            if (metric != null) metricSum += metric.apply(l.preds(), l.batch().y()) * n;
            validCount += n;
        }
    }

    @Override
    public void afterEpoch(Learner l) {
        if (l.isTraining()) {
            trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            if (l.validLoader() == null) record(l, Double.NaN, Double.NaN);
        } else {
            record(l, validSum / validCount, metric == null ? Double.NaN : metricSum / validCount);
        }
    }

    private void record(Learner l, double validLoss, double validMetric) {
        history.add(new EpochStats(l.epoch() + 1, trainSum / Math.max(1, trainCount), validLoss, validMetric, trainSeconds));
    }

    /** The latest finished epoch, or null. */
    public EpochStats last() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    /** Every finished epoch of the current fit. */
    public List<EpochStats> history() {
        return List.copyOf(history);
    }
}
