package org.sevensteps.engine.bench;

import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.tensor.Rng;

/**
 * Times conv2d forward and backward of the three layers of workload E (batch 64), on the reference
 * backend and the CPU backend, and checks the CPU results against the reference. Run by hand:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * org.sevensteps.engine.bench.ConvBench [threads] [layers, e.g. 1 or 23]}.
 */
public final class ConvBench {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Backend cpu = Backends.select("cpu", threads).backend(), ref = Backend.reference();
        int[][] all = {{1, 28, 16}, {16, 14, 16}, {16, 7, 10}}; // C, H, OC; 3x3, stride 2, pad 1
        // a second argument picks layers, e.g. "1" or "23", to profile one alone
        int[][] layers = args.length > 1 ? args[1].chars().mapToObj(c -> all[c - '1']).toArray(int[][]::new) : all;
        for (int rep = 0; rep < 4; rep++) {
            StringBuilder line = new StringBuilder();
            for (int[] l : layers) {
                int B = 64, C = l[0], H = l[1], OC = l[2], K = 3, S = 2, PAD = 1, OH = (H + 2 * PAD - K) / S + 1;
                Rng rng = new Rng(1);
                float[] x = new float[B * C * H * H], w = new float[OC * C * K * K], b = new float[OC], dout = new float[B * OC * OH * OH];
                rng.fillNormal(x); rng.fillNormal(w); rng.fillNormal(b); rng.fillNormal(dout);
                float[] out = new float[dout.length], dx = new float[x.length], dw = new float[w.length], db = new float[OC];
                // the fastest of 20 rounds of 20 calls: the machine is shared, the minimum is the least disturbed
                double fwd = Double.MAX_VALUE, bwd = Double.MAX_VALUE;
                Object saved = null;
                for (int round = 0; round < 20; round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 20; i++) saved = cpu.conv2d(out, x, w, b, B, C, H, H, OC, K, K, S, PAD, OH, OH);
                    long t1 = System.nanoTime();
                    // a backward consumes saved, but no forward runs in between to take its buffer: reusing it here is safe
                    for (int i = 0; i < 20; i++) cpu.conv2dBackward(saved, C == 1 ? null : dx, dw, db, dout, x, w, B, C, H, H, OC, K, K, S, PAD, OH, OH);
                    long t2 = System.nanoTime();
                    fwd = Math.min(fwd, (t1 - t0) / 20e6);
                    bwd = Math.min(bwd, (t2 - t1) / 20e6);
                }
                line.append(String.format("C%d H%d OC%d: fwd %.3f ms bwd %.3f ms | ", C, H, OC, fwd, bwd));
                if (rep == 0) check(cpu, ref, x, w, b, dout, B, C, H, OC, K, S, PAD, OH);
            }
            System.out.println(line);
        }
    }

    private static void check(Backend cpu, Backend ref, float[] x, float[] w, float[] b, float[] dout, int B, int C, int H, int OC, int K, int S, int PAD, int OH) {
        float[] o1 = new float[dout.length], o2 = new float[dout.length];
        cpu.conv2d(o1, x, w, b, B, C, H, H, OC, K, K, S, PAD, OH, OH);
        ref.conv2d(o2, x, w, b, B, C, H, H, OC, K, K, S, PAD, OH, OH);
        float[] dx1 = new float[x.length], dx2 = new float[x.length], dw1 = new float[w.length], dw2 = new float[w.length], db1 = new float[OC], db2 = new float[OC];
        cpu.conv2dBackward(null, dx1, dw1, db1, dout, x, w, B, C, H, H, OC, K, K, S, PAD, OH, OH);
        ref.conv2dBackward(null, dx2, dw2, db2, dout, x, w, B, C, H, H, OC, K, K, S, PAD, OH, OH);
        System.out.printf("  maxdiff out %.2e dx %.2e dw %.2e db %.2e%n", maxdiff(o1, o2), maxdiff(dx1, dx2), maxdiff(dw1, dw2), maxdiff(db1, db2));
    }

    private static double maxdiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
