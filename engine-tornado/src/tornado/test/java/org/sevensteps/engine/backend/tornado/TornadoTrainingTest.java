package org.sevensteps.engine.backend.tornado;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.learn.EpochStats;
import org.sevensteps.engine.learn.Learner;
import org.sevensteps.engine.learn.MetricsCallback;
import org.sevensteps.engine.learn.ProgressCallback;
import org.sevensteps.engine.learn.ProgressListener;
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
 * Every lesson model (the architectures, losses and optimizers of {@code lessons.experiment}) trained
 * for a few epochs on small synthetic 28×28 "digits", once on the CPU backend and once on the
 * TornadoVM backend from the same seed: every batch loss must agree within {@link #TOLERANCE}.
 */
@Timeout(600)
class TornadoTrainingTest {
    /** Relative agreement of every batch loss. Float sums in another order drift by ~1e-6 a step. */
    static final double TOLERANCE = 1e-3;

    static Backend tornado, cpu;

    @BeforeAll
    static void backends() {
        TornadoSkip.unlessRuntimePresent();
        tornado = Backends.select("tornado", 1).backend();
        cpu = Backends.select("cpu", 1).backend();
    }

    record Recipe(String name, Function<Rng, Module> model, Loss loss, Function<List<Tensor>, Optimizer> optimizer,
                  boolean tenClasses, boolean image, int batchSize) {}

    static final Recipe LINEAR = new Recipe("linear", rng -> new Linear(784, 1, rng), Losses::mnistLoss,
            p -> new Sgd(p, 1f), false, false, 64);
    static final Recipe SIMPLE_NET = new Recipe("simple-net",
            rng -> new Sequential(new Linear(784, 30, rng), new ReLU(), new Linear(30, 1, rng)), Losses::mnistLoss,
            p -> new Sgd(p, 0.1f), false, false, 64);
    static final Recipe MLP = new Recipe("mlp",
            rng -> new Sequential(new Linear(784, 50, rng), new ReLU(), new Linear(50, 10, rng)), Losses::crossEntropy,
            p -> new Sgd(p, 0.5f), true, false, 64);
    static final Recipe CNN = new Recipe("cnn",
            rng -> new Sequential(new Conv2d(1, 16, 3, 2, 1, rng), new ReLU(), new Conv2d(16, 16, 3, 2, 1, rng), new ReLU(),
                    new Conv2d(16, 10, 3, 2, 1, rng), new ReLU(), new AvgPool2d(4), new Flatten()),
            Losses::crossEntropy, p -> new Adam(p, 1e-2f), true, true, 64); // lr 1e-2: learns within 16 batches here

    @Test
    void linearTrainsTheSameOnTheDevice() {
        compare(LINEAR, 3);
    }

    @Test
    void simpleNetTrainsTheSameOnTheDevice() {
        compare(SIMPLE_NET, 3);
    }

    @Test
    void mlpTrainsTheSameOnTheDevice() {
        compare(MLP, 3);
    }

    @Test
    void cnnTrainsTheSameOnTheDevice() {
        compare(CNN, 2);
    }

    static void compare(Recipe r, int epochs) {
        Run onCpu = train(r, cpu, epochs), onDevice = train(r, tornado, epochs);
        assertEquals(onCpu.losses.size(), onDevice.losses.size());
        double worst = 0;
        for (int i = 0; i < onCpu.losses.size(); i++) {
            double a = onCpu.losses.get(i), b = onDevice.losses.get(i);
            worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-6, Math.abs(a)));
        }
        System.out.printf("%s: %d batches, first loss %.5f cpu / %.5f tornado, last %.5f / %.5f, worst relative diff %.2e%n",
                r.name, onCpu.losses.size(), onCpu.losses.getFirst(), onDevice.losses.getFirst(),
                onCpu.losses.getLast(), onDevice.losses.getLast(), worst);
        for (int e = 0; e < epochs; e++) {
            System.out.printf("  epoch %d: cpu %.3f s, tornado %.3f s%n", e + 1, onCpu.epochs.get(e).seconds(), onDevice.epochs.get(e).seconds());
        }
        assertTrue(worst < TOLERANCE, r.name + ": batch losses differ by " + worst + " (relative)");
        double firstEpoch = onDevice.epochs.getFirst().trainLoss(), lastEpoch = onDevice.epochs.getLast().trainLoss();
        assertTrue(lastEpoch < firstEpoch, r.name + " did not learn on the device: " + firstEpoch + " then " + lastEpoch);
        TornadoBackend device = (TornadoBackend) tornado;
        assertEquals(java.util.Set.of(), device.fellBack(), "ops that fell back to the CPU");
        for (String op : r.image ? new String[] {"conv2d ", "conv2dBackward ", "relu "} : new String[] {"matmulNT ", "matmulTN "})
            assertTrue(device.graphKeys().stream().anyMatch(k -> k.startsWith(op)), r.name + " compiled no " + op + "graph: " + device.graphKeys());
    }

    record Run(List<Double> losses, List<EpochStats> epochs) {}

    static Run train(Recipe r, Backend backend, int epochs) {
        List<Double> losses = new ArrayList<>();
        List<EpochStats> stats = new ArrayList<>();
        ProgressListener l = new ProgressListener() {
            @Override public void onBatch(int epoch, int batch, int batches, double trainLoss) { losses.add(trainLoss); }
            @Override public void onEpoch(EpochStats s) { stats.add(s); }
        };
        Rng rng = new Rng(42);
        Module model = r.model.apply(rng);
        try (var s = Backends.use(backend)) {
            new Learner(model, r.loss, r.optimizer.apply(model.parameters()),
                    new DataLoader(digits(r, 512, 1), r.batchSize, true, 7), new DataLoader(digits(r, 128, 2), 64),
                    List.of(new MetricsCallback(null), new ProgressCallback(l))).fit(epochs);
        }
        return new Run(losses, stats);
    }

    /** n synthetic 28×28 images: digit d brightens rows 2d..2d+7 over noise; 3s vs 7s or all ten. */
    static Dataset digits(Recipe r, int n, long seed) {
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
