package org.sevensteps.engine.autograd;

import java.util.function.Function;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Finite-difference gradient checks. The function's output is reduced to a scalar with fixed random
 * weights, so every output element's gradient is checked; each input element is nudged by ±eps and
 * the central difference (computed in double from the float outputs) is compared with autograd.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * The largest error between autograd's and the numerical gradient, each measured as
     * |analytic - numeric| / max(1, |numeric|), over all elements of all inputs that require grad.
     */
    public static double maxError(Function<Tensor[], Tensor> f, double eps, Tensor... inputs) {
        Tensor probe = f.apply(inputs);
        float[] w = new float[probe.numel()];
        new Rng(1234).fillUniform(w, 0.5f, 1.5f);
        Tensor weights = Tensor.of(w, probe.shape());
        for (Tensor t : inputs) t.clearGrad();
        Ops.sum(Ops.mul(f.apply(inputs), weights)).backward();

        double worst = 0;
        for (Tensor t : inputs) {
            if (!t.requiresGrad()) continue;
            float[] x = t.data();
            float[] analytic = t.gradBuffer().clone();
            for (int i = 0; i < x.length; i++) {
                float orig = x[i];
                x[i] = (float) (orig + eps);
                double plus = weightedSum(f, inputs, w);
                x[i] = (float) (orig - eps);
                double minus = weightedSum(f, inputs, w);
                x[i] = orig;
                double numeric = (plus - minus) / (2 * eps);
                worst = Math.max(worst, Math.abs(analytic[i] - numeric) / Math.max(1.0, Math.abs(numeric)));
            }
        }
        return worst;
    }

    private static double weightedSum(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] w) {
        try (NoGrad off = NoGrad.scope()) {
            float[] y = f.apply(inputs).data();
            double s = 0;
            for (int i = 0; i < y.length; i++) s += (double) y[i] * w[i];
            return s;
        }
    }
}
