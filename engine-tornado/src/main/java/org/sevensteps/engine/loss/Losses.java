package org.sevensteps.engine.loss;

import org.sevensteps.engine.autograd.NnOps;
import org.sevensteps.engine.autograd.Ops;
import org.sevensteps.engine.tensor.Shape;
import org.sevensteps.engine.tensor.Tensor;

/** The loss functions of the lessons, each usable as a {@link Loss} ({@code Losses::crossEntropy}). */
public final class Losses {
    private Losses() {}

    /** Mean squared error, mean((p - t)²). Shapes must hold the same number of elements. */
    public static Tensor mse(Tensor predictions, Tensor targets) {
        return predictions.sub(like(targets, predictions)).square().mean();
    }

    /** Mean absolute error, mean(|p - t|). */
    public static Tensor l1(Tensor predictions, Tensor targets) {
        return predictions.sub(like(targets, predictions)).abs().mean();
    }

    /**
     * The loss of the 3-vs-7 lesson: squash the scores with sigmoid, then measure how far each is from
     * its target (1 - p where the target is 1, p where it is 0), and average.
     */
    public static Tensor mnistLoss(Tensor scores, Tensor targets) {
        Tensor p = scores.sigmoid().view(-1);
        Tensor t = targets.view(-1);
        return Ops.where(t.eq(1f), p.rsub(1f), p).mean();
    }

    /** log(softmax(x)) along the last dimension. */
    public static Tensor logSoftmax(Tensor x) {
        return NnOps.logSoftmax(x);
    }

    /** Negative log-likelihood of log-probabilities (R,C) at targets (R). */
    public static Tensor nll(Tensor logProbs, Tensor targets) {
        return NnOps.nll(logProbs, targets);
    }

    /** Cross entropy of logits (R,C) against class indices (R): nll(logSoftmax(x)), fused. */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return NnOps.crossEntropy(logits, targets);
    }

    /** targets seen with the predictions' shape, so (B) and (B,1) do not broadcast into (B,B). */
    private static Tensor like(Tensor targets, Tensor predictions) {
        if (targets.numel() != predictions.numel())
            throw new IllegalArgumentException("predictions " + Shape.str(predictions.shape()) + " and targets "
                    + Shape.str(targets.shape()) + " differ in size");
        return targets.view(predictions.shape());
    }
}
