package org.sevensteps.server.bench;

import java.util.ArrayList;
import java.util.List;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.learn.Learner;
import org.sevensteps.engine.learn.Callback;
import org.sevensteps.engine.loss.Loss;
import org.sevensteps.engine.loss.Losses;
import org.sevensteps.engine.loss.Metrics;
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
import org.sevensteps.lessons.mnist.Digits;
import org.sevensteps.lessons.mnist.Mnist;
import org.sevensteps.lessons.mnist.ThreesAndSevens;

/**
 * Workloads A–E of the design (Performance workloads), built directly on the engine API, the same
 * models as {@code bench/torch_bench.py}. Each first warms up: one epoch, repeated until this thread
 * has used {@link #WARM_UP_MS} of CPU time (the JIT compiles the hot kernels only after thousands of
 * calls, and B or C make 50 steps an epoch; CPU time, not wall time, because on a loaded machine a
 * second of wall time may be a tenth of a second of work), then runs {@code epochs} timed ones; an epoch's time is its training
 * pass only (no validation), as in {@code train --json}. The backend is whatever
 * {@code Backends.current()} is when a workload runs.
 */
final class Workloads {
    private Workloads() {}

    /** The warm-up lasts at least one epoch and at least this much CPU time; the PyTorch script does the same. */
    static final long WARM_UP_MS = 1500;

    /** CPU time this thread has used, in ns. */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * What a workload measured: the wall-clock ms of each timed epoch, the CPU ms the process used in
     * each (on a shared machine the fairer measure for one thread: waiting for a core does not count),
     * and the validation accuracy at the end.
     */
    record Result(String workload, List<Double> ms, List<Double> cpuMs, double accuracy) {}

    /** A short description for the table. */
    static String describe(String id) {
        return switch (id) {
            case "A" -> "baseline (means)";
            case "B" -> "linear, 3s vs 7s";
            case "C" -> "simple_net 784-30-1";
            case "D" -> "MLP 784-50-10";
            case "E" -> "CNN 3 convs, Adam";
            default -> throw new IllegalArgumentException("unknown workload '" + id + "': use A, B, C, D or E");
        };
    }

    static Result run(String id, Mnist mnist, int epochs) {
        return switch (id) {
            case "A" -> baseline(mnist, epochs);
            case "B" -> binary("B", linear(new Rng(42)), 1f, mnist, epochs);
            case "C" -> {
                Rng rng = new Rng(42);
                yield binary("C", new Sequential(new Linear(784, 30, rng), new ReLU(), new Linear(30, 1, rng)), 0.1f, mnist, epochs);
            }
            case "D" -> {
                Rng rng = new Rng(42);
                Module mlp = new Sequential(new Linear(784, 50, rng), new ReLU(), new Linear(50, 10, rng));
                yield digits("D", mlp, new Sgd(mlp.parameters(), 0.5f), mnist, epochs, 784);
            }
            case "E" -> {
                Rng rng = new Rng(42);
                Module cnn = new Sequential(new Conv2d(1, 16, 3, 2, 1, rng), new ReLU(), new Conv2d(16, 16, 3, 2, 1, rng), new ReLU(),
                        new Conv2d(16, 10, 3, 2, 1, rng), new AvgPool2d(4), new Flatten());
                yield digits("E", cnn, new Adam(cnn.parameters(), 1e-3f), mnist, epochs, 1, 28, 28);
            }
            default -> throw new IllegalArgumentException("unknown workload '" + id + "': use A, B, C, D or E");
        };
    }

    /**
     * A: the mean 3 and the mean 7 of the training set; each validation digit goes to the nearer (L1).
     * The 3s and 7s are cut out of MNIST once (Mnist keeps them), not timed; the PyTorch script does the same.
     */
    private static Result baseline(Mnist mnist, int epochs) {
        List<Double> ms = new ArrayList<>(), cpuMs = new ArrayList<>();
        double acc = 0;
        try (NoGrad off = NoGrad.scope()) {
            long warmUntil = cpuNanos() + WARM_UP_MS * 1_000_000;
            for (int e = 0; e <= epochs; e++) {
                if (e == 1 && cpuNanos() < warmUntil) e = 0; // still warming up
                long t0 = System.nanoTime(), c0 = ProcessCpu.nanos();
                ThreesAndSevens s = mnist.threesAndSevens();
                Tensor mean3 = images(s.trainThrees()).mean(0, false), mean7 = images(s.trainSevens()).mean(0, false);
                Tensor v3 = images(s.validThrees()), v7 = images(s.validSevens());
                double right = distance(v3, mean3).lt(distance(v3, mean7)).sum().item()
                        + distance(v7, mean7).lt(distance(v7, mean3)).sum().item();
                acc = right / (v3.size(0) + v7.size(0));
                if (e > 0) {
                    ms.add((System.nanoTime() - t0) / 1e6);
                    cpuMs.add((ProcessCpu.nanos() - c0) / 1e6);
                }
            }
        }
        return new Result("A", ms, cpuMs, acc);
    }

    /** Mean absolute difference of each image of x (N,28,28) from m (28,28): (N). */
    private static Tensor distance(Tensor x, Tensor m) {
        return x.sub(m).abs().mean(-1, false).mean(-1, false);
    }

    private static Tensor images(Digits d) {
        return Tensor.of(d.pixels(), d.count(), Digits.SIDE, Digits.SIDE);
    }

    /** B's model: xb · weights + bias, both from randn, as in the lesson. */
    private static Module linear(Rng rng) {
        return new Linear(Tensor.randn(rng, 1, 784).requiresGrad(true), Tensor.randn(rng, 1).requiresGrad(true));
    }

    /** B and C: 3s (target 1) against 7s (target 0), mnist_loss, SGD, batches of 256. */
    private static Result binary(String id, Module model, float lr, Mnist mnist, int epochs) {
        ThreesAndSevens s = mnist.threesAndSevens();
        Dataset train = threesAndSevens(s.trainThrees(), s.trainSevens());
        Dataset valid = threesAndSevens(s.validThrees(), s.validSevens());
        Times t = fit(model, Losses::mnistLoss, new Sgd(model.parameters(), lr), train, 256, epochs);
        return new Result(id, t.ms(), t.cpuMs(), accuracy(model, valid, Metrics::batchAccuracy));
    }

    private static Dataset threesAndSevens(Digits threes, Digits sevens) {
        int n3 = threes.count(), n = n3 + sevens.count();
        float[] x = new float[n * Digits.PIXELS], y = new float[n];
        System.arraycopy(threes.pixels(), 0, x, 0, threes.pixels().length);
        System.arraycopy(sevens.pixels(), 0, x, threes.pixels().length, sevens.pixels().length);
        for (int i = 0; i < n3; i++) y[i] = 1f;
        return new Dataset(Tensor.of(x, n, Digits.PIXELS), Tensor.of(y, n, 1));
    }

    /** D and E: all ten digits, cross entropy, batches of 64; {@code shape} is one image's. */
    private static Result digits(String id, Module model, Optimizer opt, Mnist mnist, int epochs, int... shape) {
        Dataset train = tenDigits(mnist.train(), shape), valid = tenDigits(mnist.test(), shape);
        Times t = fit(model, Losses::crossEntropy, opt, train, 64, epochs);
        return new Result(id, t.ms(), t.cpuMs(), accuracy(model, valid, Metrics::accuracy));
    }

    private static Dataset tenDigits(Digits d, int... shape) {
        int[] s = new int[shape.length + 1];
        s[0] = d.count();
        System.arraycopy(shape, 0, s, 1, shape.length);
        float[] y = new float[d.count()];
        for (int i = 0; i < y.length; i++) y[i] = d.labels()[i];
        return new Dataset(Tensor.of(d.pixels(), s), Tensor.of(y, d.count()));
    }

    /** The wall-clock and CPU ms of each timed epoch. */
    private record Times(List<Double> ms, List<Double> cpuMs) {}

    /** The warm-up epochs, then the timed ones: the ms of each timed training pass. */
    private static Times fit(Module model, Loss loss, Optimizer opt, Dataset train, int batchSize, int epochs) {
        Learner learner = new Learner(model, loss, opt, new DataLoader(train, batchSize, true, 42), null, List.of());
        long warmUntil = cpuNanos() + WARM_UP_MS * 1_000_000;
        do learner.fit(1); while (cpuNanos() < warmUntil);
        List<Double> ms = new ArrayList<>(), cpuMs = new ArrayList<>();
        Callback clock = new Callback() {
            long t0, c0;

            @Override
            public void beforeEpoch(Learner l) {
                t0 = System.nanoTime();
                c0 = ProcessCpu.nanos();
            }

            @Override
            public void afterEpoch(Learner l) {
                ms.add((System.nanoTime() - t0) / 1e6);
                cpuMs.add((ProcessCpu.nanos() - c0) / 1e6);
            }
        };
        new Learner(model, loss, opt, new DataLoader(train, batchSize, true, 43), null, List.of(clock)).fit(epochs);
        return new Times(ms, cpuMs);
    }

    /** The metric over the whole validation set, in batches of 1000, without grad. */
    private static double accuracy(Module model, Dataset valid, Metrics.Metric metric) {
        double sum = 0;
        try (NoGrad off = NoGrad.scope()) {
            for (var b : new DataLoader(valid, 1000)) sum += metric.apply(model.forward(b.x()), b.y()) * b.size();
        }
        return sum / valid.size();
    }
}
