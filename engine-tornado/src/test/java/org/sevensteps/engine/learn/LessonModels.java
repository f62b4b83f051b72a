package org.sevensteps.engine.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.backend.Traffic;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.loss.Loss;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.nn.AvgPool2d;
import org.sevensteps.engine.nn.Conv2d;
import org.sevensteps.engine.nn.Flatten;
import org.sevensteps.engine.nn.Linear;
import org.sevensteps.engine.nn.Module;
import org.sevensteps.engine.nn.ReLU;
import org.sevensteps.engine.nn.Sequential;
import org.sevensteps.engine.optim.Adam;
import org.sevensteps.engine.optim.Optimizer;
import org.sevensteps.engine.optim.Sgd;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/**
 * The models of the lessons (the architectures, initialisations, losses and optimizers of
 * {@code lessons.experiment}: linear, simple-net, mlp, cnn, cnn-fixed), trained for a few epochs on
 * small synthetic 28×28 "digits" with a last, smaller batch in training and in validation. For tests
 * that train the same thing on two backends and compare.
 */
public final class LessonModels {
    private LessonModels() {}

    /** What to train: the model, its loss and optimizer, and the data it takes. */
    public record Recipe(String name, Function<Rng, Module> model, Loss loss, Function<List<Tensor>, Optimizer> optimizer,
                         boolean tenClasses, boolean image, int batchSize) {}

    /** Lesson 5: x·w + b, w and b drawn from randn, mnist_loss, SGD lr 1. */
    public static final Recipe LINEAR = new Recipe("linear", rng -> {
        Tensor w = Tensor.randn(rng, 1, 784).requiresGrad(true), b = Tensor.randn(rng, 1).requiresGrad(true);
        return new Linear(w, b);
    }, Losses::mnistLoss, p -> new Sgd(p, 1f), false, false, 64);

    /** Lesson 6 on 3s and 7s: Linear(784,30), ReLU, Linear(30,1), SGD lr 0.1. */
    public static final Recipe SIMPLE_NET = new Recipe("simple-net",
            rng -> new Sequential(new Linear(784, 30, rng), new ReLU(), new Linear(30, 1, rng)), Losses::mnistLoss,
            p -> new Sgd(p, 0.1f), false, false, 64);

    /** Lesson 6 on ten digits: Linear(784,50), ReLU, Linear(50,10), cross entropy, SGD lr 0.5. */
    public static final Recipe MLP = new Recipe("mlp",
            rng -> new Sequential(new Linear(784, 50, rng), new ReLU(), new Linear(50, 10, rng)), Losses::crossEntropy,
            p -> new Sgd(p, 0.5f), true, false, 64);

    /** Lesson 7: three stride-2 convolutions with ReLU, a ReLU before the pooling, Adam (lr 1e-2: learns within a few batches here). */
    public static final Recipe CNN = new Recipe("cnn", rng -> cnn(rng, true), Losses::crossEntropy, p -> new Adam(p, 1e-2f), true, true, 64);

    /** Lesson 7's fix: the same CNN without the ReLU before the pooling. */
    public static final Recipe CNN_FIXED = new Recipe("cnn-fixed", rng -> cnn(rng, false), Losses::crossEntropy, p -> new Adam(p, 1e-2f), true, true, 64);

    /** The same recipe with another batch size. */
    public static Recipe withBatchSize(Recipe r, int batchSize) {
        return new Recipe(r.name, r.model, r.loss, r.optimizer, r.tenClasses, r.image, batchSize);
    }

    /** All five, in lesson order. */
    public static final List<Recipe> ALL = List.of(LINEAR, SIMPLE_NET, MLP, CNN, CNN_FIXED);

    private static Module cnn(Rng rng, boolean reluBeforePooling) {
        List<Module> layers = new ArrayList<>(List.of(new Conv2d(1, 16, 3, 2, 1, rng), new ReLU(),
                new Conv2d(16, 16, 3, 2, 1, rng), new ReLU(), new Conv2d(16, 10, 3, 2, 1, rng)));
        if (reluBeforePooling) layers.add(new ReLU());
        layers.add(new AvgPool2d(4));
        layers.add(new Flatten());
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** One training run: every batch loss, the epochs, and the trained parameters. */
    public record Run(List<Double> losses, List<EpochStats> epochs, List<Tensor> parameters) {}

    /** Trains {@code r} from seed 42 on {@code backend} for {@code epochs} epochs on 500 images, with extra callbacks. */
    public static Run train(Recipe r, Backend backend, int epochs, Callback... extra) {
        return train(r, backend, epochs, 500, extra);
    }

    /** Trains {@code r} from seed 42 on {@code backend} for {@code epochs} epochs on {@code n} images, with extra callbacks. */
    public static Run train(Recipe r, Backend backend, int epochs, int n, Callback... extra) {
        List<Double> losses = new ArrayList<>();
        List<EpochStats> stats = new ArrayList<>();
        ProgressListener l = new ProgressListener() {
            @Override public void onBatch(int epoch, int batch, int batches, double trainLoss) { losses.add(trainLoss); }
            @Override public void onEpoch(EpochStats s) { stats.add(s); }
        };
        Rng rng = new Rng(42);
        Module model = r.model.apply(rng);
        List<Callback> callbacks = new ArrayList<>(List.of(new MetricsCallback(null), new ProgressCallback(l)));
        callbacks.addAll(List.of(extra));
        try (var s = Backends.use(backend)) {
            new Learner(model, r.loss, r.optimizer.apply(model.parameters()),
                    new DataLoader(digits(r, n, 1), r.batchSize, true, 7), new DataLoader(digits(r, 130, 2), 64),
                    callbacks).fit(epochs);
        }
        return new Run(losses, stats, model.parameters());
    }

    /** The bytes each training batch of one epoch moved between host and device. */
    public static final class TrafficPerBatch implements Callback {
        private final Supplier<Traffic> counter;
        private final int epoch;
        private final List<Traffic> perBatch = new ArrayList<>();
        private Traffic before;

        /** Counts the training batches of {@code epoch} (from 0) with {@code counter}, e.g. a device's traffic. */
        public TrafficPerBatch(Supplier<Traffic> counter, int epoch) {
            this.counter = counter;
            this.epoch = epoch;
        }

        @Override
        public void beforeBatch(Learner l) {
            before = counter.get();
        }

        @Override
        public void afterBatch(Learner l) {
            if (l.isTraining() && l.epoch() == epoch) perBatch.add(counter.get().since(before));
        }

        /** One entry per training batch of the epoch, in order. */
        public List<Traffic> perBatch() {
            return List.copyOf(perBatch);
        }
    }

    /**
     * The bytes a training batch of {@code r} moves when the model stays on the device: the batch in,
     * the output out, its gradient in, and the optimizer's per-step numbers (learning rate and
     * first-step flag per parameter for SGD; learning rate and two bias corrections for Adam).
     */
    public static Traffic residentBatch(Recipe r, int batch) {
        int classes = r.tenClasses ? 10 : 1, params = r.model.apply(new Rng(0)).parameters().size();
        long hyper = 4L * params * (r == CNN || r == CNN_FIXED ? 3 : 2);
        return new Traffic(4L * batch * 784 + 4L * batch * classes + hyper, 4L * batch * classes);
    }

    /** n synthetic 28×28 images: digit d brightens rows 2d..2d+7 over noise; 3s vs 7s or all ten. */
    public static Dataset digits(Recipe r, int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 784], y = new float[n];
        for (int i = 0; i < n; i++) {
            int d = r.tenClasses ? rng.nextInt(10) : (rng.nextInt(2) == 0 ? 3 : 7);
            y[i] = r.tenClasses ? d : (d == 3 ? 1 : 0);
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                x[i * 784 + p] = 0.3f * (float) rng.nextDouble() + (row >= 2 * d && row < 2 * d + 8 ? 0.6f : 0f);
            }
        }
        Tensor xs = r.image ? Tensor.of(x, n, 1, 28, 28) : Tensor.of(x, n, 784);
        Tensor ys = r.tenClasses ? Tensor.of(y, n) : Tensor.of(y, n, 1);
        return new Dataset(xs, ys);
    }
}
