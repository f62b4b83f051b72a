package org.sevensteps.engine.bench;

import java.util.List;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.data.DataLoader;
import org.sevensteps.engine.data.Dataset;
import org.sevensteps.engine.learn.Learner;
import org.sevensteps.engine.learn.MetricsCallback;
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
 * Times training epochs of workloads D (MLP) and E (CNN) on random data shaped like MNIST (60k).
 * Not a test: run by hand, {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * org.sevensteps.engine.bench.EpochBench [threads] [epochs] [DE] [old]}.
 */
public final class EpochBench {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String which = args.length > 2 ? args[2] : "DE";
        Rng rng = new Rng(0);
        int n = 60000;
        float[] x = new float[n * 784], y = new float[n];
        rng.fillUniform(x, 0f, 1f);
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(10);
        Backend cpu = Backends.select("cpu", threads).backend();
        Backend old = oldBackend(cpu);
        Backend be = args.length > 3 && args[3].equals("old") ? old : cpu;
        System.out.println("backend " + be.name() + ", " + threads + " thread(s)");
        try (var s = Backends.use(be)) {
            if (which.contains("D")) {
                Module mlp = new Sequential(new Linear(784, 50, rng), new ReLU(), new Linear(50, 10, rng));
                time("D mlp", mlp, new Sgd(mlp.parameters(), 0.5f), new Dataset(Tensor.of(x, n, 784), Tensor.of(y, n)), epochs);
            }
            if (which.contains("E")) {
                Module cnn = new Sequential(new Conv2d(1, 16, 3, 2, 1, rng), new ReLU(), new Conv2d(16, 16, 3, 2, 1, rng), new ReLU(),
                        new Conv2d(16, 10, 3, 2, 1, rng), new AvgPool2d(4), new Flatten());
                time("E cnn", cnn, new Adam(cnn.parameters(), 1e-3f), new Dataset(Tensor.of(x, n, 1, 28, 28), Tensor.of(y, n)), epochs);
            }
        }
    }

    /** The CPU matmuls, but convolution and relu as the reference writes them (im2col for the whole batch): the engine before the conv work. */
    static Backend oldBackend(Backend cpu) {
        return new Backend() {
            public String name() { return "old"; }
            public void matmulNN(float[] o, float[] a, float[] b, int M, int K, int N) { cpu.matmulNN(o, a, b, M, K, N); }
            public void matmulNT(float[] o, float[] a, float[] b, int M, int K, int N) { cpu.matmulNT(o, a, b, M, K, N); }
            public void matmulTN(float[] o, float[] a, float[] b, int M, int K, int N) { cpu.matmulTN(o, a, b, M, K, N); }
        };
    }

    private static void time(String name, Module m, Optimizer opt, Dataset d, int epochs) {
        MetricsCallback metrics = new MetricsCallback(null);
        new Learner(m, Losses::crossEntropy, opt, new DataLoader(d, 64, true, 1), null, List.of(metrics)).fit(epochs);
        metrics.history().forEach(e -> System.out.printf("%s epoch %d: %.0f ms, loss %.4f%n", name, e.epoch(), e.seconds() * 1000, e.trainLoss()));
    }
}
