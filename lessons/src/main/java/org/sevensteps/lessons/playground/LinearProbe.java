package org.sevensteps.lessons.playground;

import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.ThreesAndSevens;

/**
 * Lesson 2 on real images: the linear model x·w + b over the 784 pixels of every training 3 and 7,
 * with random weights, and what one small change of one weight does to the accuracy and to the loss.
 */
public final class LinearProbe {
    private final Tensor x; // (N,784): the training 3s, then the 7s
    private final Tensor y; // (N,1): 1 for a 3, 0 for a 7

    public LinearProbe(ThreesAndSevens data) {
        Digits threes = data.trainThrees(), sevens = data.trainSevens();
        int n3 = threes.count(), n = n3 + sevens.count();
        float[] px = new float[n * Digits.PIXELS];
        System.arraycopy(threes.pixels(), 0, px, 0, threes.pixels().length);
        System.arraycopy(sevens.pixels(), 0, px, threes.pixels().length, sevens.pixels().length);
        float[] t = new float[n];
        java.util.Arrays.fill(t, 0, n3, 1f);
        x = Tensor.of(px, n, Digits.PIXELS);
        y = Tensor.of(t, n, 1);
    }

    /** Number of images. */
    public int images() {
        return y.numel();
    }

    /** How the model does: the share right (a 3 when x·w + b > 0) and mnist_loss (sigmoid inside). */
    public record Reading(float accuracy, float loss) {}

    /**
     * The same model before and after weight {@code pixel} was multiplied by {@code factor}.
     *
     * @param weightBefore that weight's random starting value
     */
    public record Nudge(int pixel, float factor, float weightBefore, Reading before, Reading after) {}

    /** Random weights and bias from {@code seed} (randn, as the source), read, nudge one weight, read again. */
    public Nudge nudge(long seed, int pixel, float factor) {
        Rng rng = new Rng(seed);
        Tensor w = Tensor.randn(rng, Digits.PIXELS, 1);
        Tensor b = Tensor.randn(rng, 1);
        float start = w.data()[pixel];
        Reading before = read(w, b);
        w.data()[pixel] *= factor;
        return new Nudge(pixel, factor, start, before, read(w, b));
    }

    /** Predicts every image with x·w + b, then measures accuracy and loss. */
    public Reading read(Tensor w, Tensor b) {
        try (NoGrad off = NoGrad.scope()) {
            Tensor preds = x.matmul(w).add(b);
            float accuracy = preds.gt(0f).eq(y).mean().item();
            return new Reading(accuracy, Losses.mnistLoss(preds, y).item());
        }
    }
}
