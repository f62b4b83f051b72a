package org.sevensteps.engine.loss;

import org.sevensteps.engine.tensor.Tensor;

/** Accuracy measures; plain numbers, no graph. */
public final class Metrics {
    private Metrics() {}

    /** A metric: a number from predictions and targets. */
    @FunctionalInterface
    public interface Metric {
        double apply(Tensor predictions, Tensor targets);
    }

    /** Fraction of rows of scores (R,C) whose largest score is at the target class (targets (R)). */
    public static double accuracy(Tensor scores, Tensor targets) {
        int C = scores.size(-1), R = scores.numel() / C;
        float[] s = scores.data(), t = targets.data();
        int correct = 0;
        for (int r = 0; r < R; r++) {
            int best = 0;
            for (int c = 1; c < C; c++) if (s[r * C + c] > s[r * C + best]) best = c;
            if (best == (int) t[r]) correct++;
        }
        return (double) correct / R;
    }

    /** Binary accuracy of raw scores: predicted 1 where sigmoid(score) > 0.5, i.e. score > 0. */
    public static double batchAccuracy(Tensor scores, Tensor targets) {
        float[] s = scores.data(), t = targets.data();
        int correct = 0;
        for (int i = 0; i < s.length; i++) if ((s[i] > 0f) == (t[i] == 1f)) correct++;
        return (double) correct / s.length;
    }
}
