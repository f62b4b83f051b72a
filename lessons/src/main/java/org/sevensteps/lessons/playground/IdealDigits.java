package org.sevensteps.lessons.playground;

import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.experiment.BaselineExperiment;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;

/**
 * Lesson 1's widget: one digit (from the validation set, or drawn by the student) against the ideal 3
 * and the ideal 7, with the baseline's own distance functions. The ideals are computed once per
 * process and shared.
 */
public final class IdealDigits {
    private final Tensor mean3, mean7; // (28,28) each

    private IdealDigits(Mnist mnist) {
        try (NoGrad off = NoGrad.scope()) {
            mean3 = mean(mnist.threesAndSevens().trainThrees());
            mean7 = mean(mnist.threesAndSevens().trainSevens());
        }
    }

    /** The ideal digits of {@code mnist}'s training 3s and 7s, computed on first use. */
    public static IdealDigits of(Mnist mnist) {
        return mnist.shared("ideal 3 and ideal 7", IdealDigits::new);
    }

    private static Tensor mean(Digits d) {
        return Tensor.of(d.pixels(), d.count(), Digits.SIDE, Digits.SIDE).mean(0, false);
    }

    /**
     * How far one digit is from each ideal.
     *
     * @param minus3 the digit minus the ideal 3, pixel by pixel (784 values in [-1, 1])
     * @param minus7 the digit minus the ideal 7
     */
    public record Judgement(float l1To3, float l1To7, float rmseTo3, float rmseTo7, float[] minus3, float[] minus7) {
        /** 3 when the digit is closer to the ideal 3 by the L1 distance, else 7. */
        public int byL1() {
            return l1To3 < l1To7 ? 3 : 7;
        }

        /** 3 when the digit is closer to the ideal 3 by RMSE, else 7. */
        public int byRmse() {
            return rmseTo3 < rmseTo7 ? 3 : 7;
        }
    }

    /** Measures {@code pixels} (784 values in [0,1]) against both ideals. */
    public Judgement judge(float[] pixels) {
        if (pixels.length != Digits.PIXELS) throw new IllegalArgumentException("a digit has 784 pixels, not " + pixels.length);
        try (NoGrad off = NoGrad.scope()) {
            Tensor x = Tensor.of(pixels.clone(), 1, Digits.SIDE, Digits.SIDE);
            return new Judgement(BaselineExperiment.l1Distance(x, mean3).item(), BaselineExperiment.l1Distance(x, mean7).item(),
                    BaselineExperiment.rmseDistance(x, mean3).item(), BaselineExperiment.rmseDistance(x, mean7).item(),
                    x.sub(mean3).data(), x.sub(mean7).data());
        }
    }
}
