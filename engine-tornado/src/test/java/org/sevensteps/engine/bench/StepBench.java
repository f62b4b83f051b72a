package org.sevensteps.engine.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
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
 * A/B timing on a noisy, shared machine: one training step (forward, loss, backward, optimizer) of
 * workload D or E on a batch of 64, on two backends in turn, a few dozen steps each, for many rounds
 * in one process; prints the median ms per step of each and their ratio. Run by hand:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * org.sevensteps.engine.bench.StepBench E [threads] [rounds]}.
 */
public final class StepBench {
    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "E";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Backend cpu = Backends.select("cpu", threads).backend();
        Backend old = EpochBench.oldBackend(cpu);
        Step a = new Step(which, old), b = new Step(which, cpu);
        for (int i = 0; i < 3; i++) { a.time(30); b.time(30); } // warm up the JIT
        List<Double> ta = new ArrayList<>(), tb = new ArrayList<>(), ratio = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double x = a.time(20), y = b.time(20);
            ta.add(x); tb.add(y); ratio.add(y / x);
        }
        System.out.printf("%s, %d thread(s): old %.3f ms/step, new %.3f ms/step, new/old %.3f (medians of %d rounds)%n",
                which, threads, median(ta), median(tb), median(ratio), rounds);
        // where the new step's time goes: the backend's calls, timed one by one
        Timed timed = new Timed(cpu);
        Step c = new Step(which, timed);
        c.time(50);
        timed.reset();
        double step = c.time(100);
        System.out.printf("  new step %.3f ms: conv fwd %.3f, conv bwd %.3f, matmul %.3f, relu %.3f, rest %.3f (ms/step)%n", step,
                timed.convF / 1e8, timed.convB / 1e8, timed.mm / 1e8, timed.relu / 1e8,
                step - (timed.convF + timed.convB + timed.mm + timed.relu) / 1e8);
    }

    /** A backend that passes every call on to another and adds up the nanoseconds per kind of call. */
    static final class Timed implements Backend {
        final Backend be;
        long convF, convB, mm, relu;

        Timed(Backend be) { this.be = be; }
        void reset() { convF = convB = mm = relu = 0; }
        public String name() { return be.name(); }
        public int threads() { return be.threads(); }
        public void matmulNN(float[] o, float[] a, float[] b, int M, int K, int N) { long t = System.nanoTime(); be.matmulNN(o, a, b, M, K, N); mm += System.nanoTime() - t; }
        public void matmulNT(float[] o, float[] a, float[] b, int M, int K, int N) { long t = System.nanoTime(); be.matmulNT(o, a, b, M, K, N); mm += System.nanoTime() - t; }
        public void matmulTN(float[] o, float[] a, float[] b, int M, int K, int N) { long t = System.nanoTime(); be.matmulTN(o, a, b, M, K, N); mm += System.nanoTime() - t; }
        public void relu(float[] o, float[] a, int n) { long t = System.nanoTime(); be.relu(o, a, n); relu += System.nanoTime() - t; }
        public void reluBackward(float[] da, float[] d, float[] o, int n) { long t = System.nanoTime(); be.reluBackward(da, d, o, n); relu += System.nanoTime() - t; }
        public Object conv2d(float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W, int OC, int KH, int KW, int s, int p, int OH, int OW) {
            long t = System.nanoTime();
            Object saved = be.conv2d(out, x, w, bias, B, C, H, W, OC, KH, KW, s, p, OH, OW);
            convF += System.nanoTime() - t;
            return saved;
        }
        public void conv2dBackward(Object saved, float[] dx, float[] dw, float[] db, float[] dout, float[] x, float[] w, int B, int C, int H, int W, int OC, int KH, int KW, int s, int p, int OH, int OW) {
            long t = System.nanoTime();
            be.conv2dBackward(saved, dx, dw, db, dout, x, w, B, C, H, W, OC, KH, KW, s, p, OH, OW);
            convB += System.nanoTime() - t;
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    /** One model, optimizer and random batch, stepped on one backend. */
    private static final class Step {
        final Backend be;
        final Module model;
        final Optimizer opt;
        final Tensor x, y;

        Step(String which, Backend be) {
            this.be = be;
            Rng rng = new Rng(0);
            Supplier<Module> cnn = () -> new Sequential(new Conv2d(1, 16, 3, 2, 1, rng), new ReLU(), new Conv2d(16, 16, 3, 2, 1, rng),
                    new ReLU(), new Conv2d(16, 10, 3, 2, 1, rng), new AvgPool2d(4), new Flatten());
            boolean e = which.equals("E");
            model = e ? cnn.get() : new Sequential(new Linear(784, 50, rng), new ReLU(), new Linear(50, 10, rng));
            opt = e ? new Adam(model.parameters(), 1e-3f) : new Sgd(model.parameters(), 0.5f);
            float[] xs = new float[64 * 784], ys = new float[64];
            rng.fillUniform(xs, 0f, 1f);
            for (int i = 0; i < 64; i++) ys[i] = rng.nextInt(10);
            x = e ? Tensor.of(xs, 64, 1, 28, 28) : Tensor.of(xs, 64, 784);
            y = Tensor.of(ys, 64);
        }

        /** Runs n steps; returns ms per step. */
        double time(int n) {
            try (var s = Backends.use(be)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Tensor loss = Losses.crossEntropy(model.forward(x), y);
                    loss.backward();
                    opt.step();
                    opt.zeroGrad();
                }
                return (System.nanoTime() - t0) / 1e6 / n;
            }
        }
    }
}
