package org.sevensteps.lessons.experiment;

import java.util.ArrayList;
import java.util.List;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.loss.Metrics;
import org.sevensteps.engine.nn.AvgPool2d;
import org.sevensteps.engine.nn.Conv2d;
import org.sevensteps.engine.nn.Flatten;
import org.sevensteps.engine.nn.Linear;
import org.sevensteps.engine.nn.ReLU;
import org.sevensteps.engine.nn.Sequential;
import org.sevensteps.engine.optim.Adam;
import org.sevensteps.engine.optim.Sgd;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.spec.RunSpec;

/**
 * Lessons 6 and 7 on all of MNIST: which of the ten digits is it? Ten scores per image, cross entropy,
 * accuracy of the largest score. Training uses the 60,000 training images, validation the 10,000 of
 * the test file. y holds the digit of each image as a float.
 */
public final class TenDigits {
    private TenDigits() {}

    /** Lesson 6: Linear(784,50), ReLU, Linear(50,10), plain SGD. x is (N,784). */
    public static Setup mlp(Mnist mnist, RunSpec spec, Rng rng) {
        Linear hidden = new Linear(Digits.PIXELS, 50, rng);
        Sequential model = new Sequential(hidden, new ReLU(), new Linear(50, 10, rng));
        return new Setup(mnist.shared("10 digits train (N,784)", m -> dataset(m.train(), Digits.PIXELS)),
                mnist.shared("10 digits valid (N,784)", m -> dataset(m.test(), Digits.PIXELS)), model,
                Losses::crossEntropy, Metrics::accuracy, new Sgd(model.parameters(), (float) spec.lr()),
                hidden.weight(), Digits.SIDE, LABELS, null);
    }

    /**
     * Lesson 7, the source text's CNN: three 3×3 convolutions of stride 2 and padding 1
     * (28→14→7→4), each followed by ReLU, then the mean of each 4×4 map gives the ten scores. Adam.
     * x is (N,1,28,28).
     *
     * <p>The last ReLU is the source's: a class whose map goes negative everywhere gets score 0 and
     * no gradient, so some seeds end with digits the model never predicts. The lesson shows that.
     */
    public static Setup cnn(Mnist mnist, RunSpec spec, Rng rng) {
        return convNet(mnist, spec, rng, true);
    }

    /** The lesson's fix: the same CNN without the ReLU before the pooling, so no class can go silent. */
    public static Setup cnnFixed(Mnist mnist, RunSpec spec, Rng rng) {
        return convNet(mnist, spec, rng, false);
    }

    /** The CNN of lesson 7, with or without the ReLU before the pooling: conv1 is also drawn (filters, feature maps). */
    private static Setup convNet(Mnist mnist, RunSpec spec, Rng rng, boolean reluBeforePooling) {
        Conv2d conv1 = new Conv2d(1, 16, 3, 2, 1, rng);
        List<Module> layers = new ArrayList<>(List.of(
                conv1, new ReLU(),
                new Conv2d(16, 16, 3, 2, 1, rng), new ReLU(),
                new Conv2d(16, 10, 3, 2, 1, rng)));
        if (reluBeforePooling) layers.add(new ReLU());
        layers.add(new AvgPool2d(4));
        layers.add(new Flatten());
        Sequential model = new Sequential(layers.toArray(Module[]::new));
        return new Setup(mnist.shared("10 digits train (N,1,28,28)", m -> dataset(m.train(), 1, Digits.SIDE, Digits.SIDE)),
                mnist.shared("10 digits valid (N,1,28,28)", m -> dataset(m.test(), 1, Digits.SIDE, Digits.SIDE)), model,
                Losses::crossEntropy, Metrics::accuracy, new Adam(model.parameters(), (float) spec.lr()),
                conv1.weight(), 3, LABELS, new Sequential(conv1, new ReLU()));
    }

    /** x (N, imageShape...) sharing the loaded pixels (nothing writes to them), y (N) the digits. */
    static Dataset dataset(Digits d, int... imageShape) {
        int[] shape = new int[imageShape.length + 1];
        shape[0] = d.count();
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        float[] y = new float[d.count()];
        for (int i = 0; i < y.length; i++) y[i] = d.labels()[i];
        return new Dataset(Tensor.of(d.pixels(), shape), Tensor.of(y, d.count()));
    }

    /** The digit is the class with the largest score, and the target itself; softmax gives probabilities. */
    static final Setup.Labels LABELS = new Setup.Labels() {
        @Override public int[] digits() { return new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}; }

        @Override public int predicted(float[] scores) {
            int best = 0;
            for (int c = 1; c < scores.length; c++) if (scores[c] > scores[best]) best = c;
            return best;
        }

        @Override public int actual(float target) { return (int) target; }

        @Override public double probability(float[] scores, int digit) {
            double max = scores[predicted(scores)], sum = 0; // minus the max only for numerical stability
            for (float s : scores) sum += Math.exp(s - max);
            return Math.exp(scores[digit] - max) / sum;
        }
    };
}
