package org.sevensteps.lessons.playground;

import java.util.function.BinaryOperator;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.autograd.Ops;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Lesson 2: three images (a 3, a 7, a 3), so targets [1, 0, 1], and three predictions a student drags
 * between 0 and 1. Every number here comes from the engine's losses and its autograd.
 */
public final class LossPlayground {
    private LossPlayground() {}

    /** 1 means "this image is a 3", 0 means "a 7". */
    public static final float[] TARGETS = {1, 0, 1};
    /** The predictions of the worked example: sure of the first 3, unsure of the 7, wrong about the last 3. */
    public static final float[] EXAMPLE = {0.9f, 0.4f, 0.2f};

    /** The losses the lesson compares, in the order the view shows them. */
    public enum Kind {
        MNIST("mnist_loss", LossPlayground::mnistLossNoSigmoid),
        MSE("mse", Losses::mse),
        L1("l1", Losses::l1);

        public final String label;
        private final BinaryOperator<Tensor> fn;

        Kind(String label, BinaryOperator<Tensor> fn) {
            this.label = label;
            this.fn = fn;
        }

        /** The loss of {@code predictions} against {@code targets}. */
        public Tensor apply(Tensor predictions, Tensor targets) {
            return fn.apply(predictions, targets);
        }
    }

    /**
     * The first try at a loss for 3s and 7s, before any sigmoid: for each image, how far the prediction
     * is from where it should be (1 - p for a 3, p for a 7), then the mean.
     */
    public static Tensor mnistLossNoSigmoid(Tensor predictions, Tensor targets) {
        return Ops.where(targets.eq(1f), predictions.rsub(1f), predictions).mean();
    }

    /**
     * A loss and its slopes: {@code value} = loss(predictions, targets), {@code slopes[i]} =
     * d loss / d predictions[i], from one {@code backward()}.
     */
    public record Reading(float value, float[] slopes) {}

    /** Evaluates {@code kind} at {@code predictions} with autograd. */
    public static Reading read(Kind kind, float[] predictions) {
        Tensor p = Tensor.vector(predictions).requiresGrad(true);
        Tensor loss = kind.apply(p, Tensor.vector(TARGETS));
        loss.backward();
        return new Reading(loss.item(), p.grad().data().clone());
    }

    /** Accuracy of {@code predictions}: the share on the right side of 0.5. */
    public static float accuracy(float[] predictions) {
        Tensor said3 = Tensor.vector(predictions).gt(0.5f);
        return said3.eq(Tensor.vector(TARGETS)).mean().item();
    }

    /**
     * Each loss, and the error rate (1 - accuracy), as prediction number {@code index} sweeps 0..1 in
     * {@code n} points while the other two stay where they are. Rows: x, mnist_loss, mse, l1, error rate.
     */
    public static float[][] sweep(float[] predictions, int index, int n) {
        float[][] out = new float[5][n];
        try (NoGrad off = NoGrad.scope()) {
            for (int k = 0; k < n; k++) {
                float[] p = predictions.clone();
                p[index] = k / (float) (n - 1);
                out[0][k] = p[index];
                for (Kind kind : Kind.values()) {
                    out[1 + kind.ordinal()][k] = kind.apply(Tensor.vector(p), Tensor.vector(TARGETS)).item();
                }
                out[4][k] = 1f - accuracy(p);
            }
        }
        return out;
    }

    /** sigmoid(x) = 1 / (1 + e^-x) for {@code n} points of x in [lo, hi]. Rows: x, sigmoid(x). */
    public static float[][] sigmoidCurve(float lo, float hi, int n) {
        float[] x = new float[n];
        for (int k = 0; k < n; k++) x[k] = lo + (hi - lo) * k / (n - 1);
        return new float[][] {x, Tensor.vector(x).sigmoid().data()};
    }

    /** sigmoid at one score, and its slope there from autograd. */
    public static Reading sigmoidAt(float score) {
        Tensor z = Tensor.scalar(score).requiresGrad(true);
        Tensor s = z.sigmoid();
        s.backward();
        return new Reading(s.item(), new float[] {z.grad().item()});
    }

    /** Three raw scores (any size) through the engine's mnist_loss, which squashes them with sigmoid first. */
    public static float mnistLossOfScores(float[] scores) {
        return Losses.mnistLoss(Tensor.vector(scores), Tensor.vector(TARGETS)).item();
    }

    /**
     * Cross entropy for ten classes: the probabilities (softmax), and the loss for {@code target}.
     *
     * @param naiveLogSumExp log(sum(exp(scores))) straight, which overflows to infinity for big scores
     * @param trickLogSumExp the same with the largest score taken out first: m + log(sum(exp(x - m)))
     */
    public record CrossEntropy(float[] probabilities, float loss, float naiveLogSumExp, float trickLogSumExp) {}

    /** Softmax, cross entropy and both ways to compute logsumexp, for one image's ten scores. */
    public static CrossEntropy crossEntropy(float[] scores, int target) {
        try (NoGrad off = NoGrad.scope()) {
            Tensor x = Tensor.of(scores.clone(), 1, scores.length);
            float[] probs = Losses.logSoftmax(x).exp().data();
            float loss = Losses.crossEntropy(x, Tensor.vector(target)).item();
            float naive = x.exp().sum().log().item();
            float m = x.data()[0];
            for (float s : scores) m = Math.max(m, s);
            float trick = m + x.sub(m).exp().sum().log().item();
            return new CrossEntropy(probs, loss, naive, trick);
        }
    }
}
