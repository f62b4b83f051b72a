package org.sevensteps.lessons.experiment;

import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.loss.Metrics;
import org.sevensteps.engine.nn.Linear;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.nn.ReLU;
import org.sevensteps.engine.nn.Sequential;
import org.sevensteps.engine.optim.Sgd;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.spec.RunSpec;

/**
 * Lessons 5 and 6 on MNIST_SAMPLE: is it a 3 or a 7? One score per image, sigmoid, {@code mnist_loss},
 * plain SGD, and {@code batch_accuracy} (a 3 when the score is above 0).
 *
 * <p>x is (N,784) pixels in [0,1]; y is (N,1), 1 for a 3 and 0 for a 7. Training uses the 6131 + 6265
 * training 3s and 7s, validation the 1010 + 1028 of the test file.
 */
public final class ThreesVsSevens {
    private ThreesVsSevens() {}

    /** Lesson 5: x·w + b with w (784→1) and b drawn from randn, as in the source text's {@code init_params}. */
    public static Setup linear(Mnist mnist, RunSpec spec, Rng rng) {
        Tensor weight = Tensor.randn(rng, 1, Digits.PIXELS).requiresGrad(true);
        Tensor bias = Tensor.randn(rng, 1).requiresGrad(true);
        return setup(mnist, spec, new Linear(weight, bias), weight);
    }

    /** Lesson 6: Linear(784,30), ReLU, Linear(30,1), with PyTorch's default initialisation. */
    public static Setup simpleNet(Mnist mnist, RunSpec spec, Rng rng) {
        Linear hidden = new Linear(Digits.PIXELS, 30, rng);
        return setup(mnist, spec, new Sequential(hidden, new ReLU(), new Linear(30, 1, rng)), hidden.weight());
    }

    private static Setup setup(Mnist mnist, RunSpec spec, Module model, Tensor firstLayer) {
        // The datasets are built once per process and shared: nothing in a run writes to them.
        Dataset train = mnist.shared("3s-vs-7s train", m -> dataset(m.threesAndSevens().trainThrees(), m.threesAndSevens().trainSevens()));
        Dataset valid = mnist.shared("3s-vs-7s valid", m -> dataset(m.threesAndSevens().validThrees(), m.threesAndSevens().validSevens()));
        return new Setup(train, valid,
                model, Losses::mnistLoss, Metrics::batchAccuracy, new Sgd(model.parameters(), (float) spec.lr()),
                firstLayer, Digits.SIDE, LABELS, null);
    }

    /** The 3s then the 7s: x (N,784), y (N,1) with 1 for a 3. */
    static Dataset dataset(Digits threes, Digits sevens) {
        int n3 = threes.count(), n = n3 + sevens.count();
        float[] x = new float[n * Digits.PIXELS];
        System.arraycopy(threes.pixels(), 0, x, 0, threes.pixels().length);
        System.arraycopy(sevens.pixels(), 0, x, threes.pixels().length, sevens.pixels().length);
        float[] y = new float[n];
        java.util.Arrays.fill(y, 0, n3, 1f);
        return new Dataset(Tensor.of(x, n, Digits.PIXELS), Tensor.of(y, n, 1));
    }

    /** sigmoid(score) is the probability of a 3: a score above 0 says 3. Target 1 is a 3. */
    static final Setup.Labels LABELS = new Setup.Labels() {
        @Override public int[] digits() { return new int[] {3, 7}; }
        @Override public int predicted(float[] scores) { return scores[0] > 0f ? 3 : 7; }
        @Override public int actual(float target) { return target == 1f ? 3 : 7; }
        @Override public double probability(float[] scores, int digit) {
            double three = 1 / (1 + Math.exp(-scores[0]));
            return digit == 3 ? three : 1 - three;
        }
    };
}
