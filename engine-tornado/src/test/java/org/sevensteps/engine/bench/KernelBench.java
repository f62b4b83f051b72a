package org.sevensteps.engine.bench;

import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.kernels.Conv;
import org.sevensteps.engine.tensor.Rng;

/** Times the kernels of one CNN batch (conv2 of workload E) on one thread. Run by hand. */
public final class KernelBench {
    public static void main(String[] args) {
        Backend be = Backends.select("cpu", 1).backend();
        Rng rng = new Rng(1);
        int B = 64, C = 16, H = 14, OC = 16, K = 3, OH = 7, P = OH * OH, CKK = C * K * K, BP = B * P;
        float[] x = new float[B * C * H * H], w = new float[OC * CKK], col = new float[CKK * BP], y = new float[OC * BP], dx = new float[x.length];
        rng.fillNormal(x); rng.fillNormal(w); rng.fillNormal(y);
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) Conv.im2col(col, x, B, C, H, H, K, K, 2, 1, OH, OH);
            long t1 = System.nanoTime();
            for (int i = 0; i < 200; i++) be.matmulNN(y, w, col, OC, CKK, BP);
            long t2 = System.nanoTime();
            for (int i = 0; i < 200; i++) be.matmulNT(w, y, col, OC, BP, CKK);
            long t3 = System.nanoTime();
            for (int i = 0; i < 200; i++) be.matmulTN(col, w, y, CKK, OC, BP);
            long t4 = System.nanoTime();
            for (int i = 0; i < 200; i++) Conv.col2im(dx, col, B, C, H, H, K, K, 2, 1, OH, OH);
            long t5 = System.nanoTime();
            double gf = 2.0 * OC * CKK * BP / 1e9;
            System.out.printf("im2col %.3f ms, NN %.3f ms (%.1f GF/s), NT %.3f ms (%.1f GF/s), TN %.3f ms (%.1f GF/s), col2im %.3f ms%n",
                    (t1 - t0) / 2e8, (t2 - t1) / 2e8, gf / ((t2 - t1) / 2e11), (t3 - t2) / 2e8, gf / ((t3 - t2) / 2e11),
                    (t4 - t3) / 2e8, gf / ((t4 - t3) / 2e11), (t5 - t4) / 2e8);
        }
    }
}
