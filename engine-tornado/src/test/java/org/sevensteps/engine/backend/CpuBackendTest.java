package org.sevensteps.engine.backend;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.sevensteps.engine.backend.cpu.CpuBackend;
import org.sevensteps.engine.tensor.Rng;

/** The CPU backend against the reference kernels, and against itself at other thread counts. */
class CpuBackendTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {64, 784, 50}, {50, 64, 784}, {16, 144, 3136}, {13, 31, 29}, {4, 9, 17}};

    interface Mm { void run(Backend be, float[] out, float[] a, float[] b, int M, int K, int N); }

    private static void compare(String name, Mm mm) {
        Rng rng = new Rng(11);
        for (int[] s : SHAPES) {
            int M = s[0], K = s[1], N = s[2];
            float[] a = new float[M * K], b = new float[K * N], init = new float[M * N];
            rng.fillNormal(a);
            rng.fillNormal(b);
            rng.fillNormal(init);
            float[] ref = init.clone();
            mm.run(Backend.reference(), ref, a, b, M, K, N);
            float[] one = null;
            for (int threads : new int[] {1, 2, 3}) {
                float[] out = init.clone();
                mm.run(new CpuBackend(threads), out, a, b, M, K, N);
                double maxdiff = 0;
                for (int i = 0; i < out.length; i++) maxdiff = Math.max(maxdiff, Math.abs(out[i] - ref[i]));
                assertTrue(maxdiff < 1e-4 * Math.sqrt(K) + 1e-5, name + " " + M + "x" + K + "x" + N + " maxdiff " + maxdiff);
                if (one == null) one = out;
                else assertArrayEquals(one, out, name + " at " + threads + " threads differs from 1 thread");
            }
        }
    }

    @Test
    void matmulNNMatchesTheReferenceAtAnyThreadCount() {
        compare("NN", (be, o, a, b, M, K, N) -> be.matmulNN(o, a, b, M, K, N));
    }

    @Test
    void matmulNTMatchesTheReferenceAtAnyThreadCount() {
        compare("NT", (be, o, a, b, M, K, N) -> be.matmulNT(o, a, b, M, K, N));
    }

    @Test
    void matmulTNMatchesTheReferenceAtAnyThreadCount() {
        compare("TN", (be, o, a, b, M, K, N) -> be.matmulTN(o, a, b, M, K, N));
    }

    /** B, C, H, W, OC, K, stride, pad: the three layers of workload E, odd sizes, and a batch that does not fill the last task. */
    private static final int[][] CONVS = {{64, 1, 28, 28, 16, 3, 2, 1}, {64, 16, 14, 14, 16, 3, 2, 1}, {64, 16, 7, 7, 10, 3, 2, 1},
            {5, 3, 9, 7, 20, 3, 1, 0}, {3, 2, 5, 6, 3, 2, 2, 1}, {7, 4, 8, 8, 33, 5, 1, 2}};

    @Test
    void conv2dForwardAndBackwardMatchTheReferenceAtAnyThreadCount() {
        Rng rng = new Rng(5);
        for (int[] c : CONVS) {
            int B = c[0], C = c[1], H = c[2], W = c[3], OC = c[4], K = c[5], S = c[6], P = c[7];
            int OH = (H + 2 * P - K) / S + 1, OW = (W + 2 * P - K) / S + 1;
            float[] x = new float[B * C * H * W], w = new float[OC * C * K * K], bias = new float[OC], dout = new float[B * OC * OH * OW];
            rng.fillNormal(x); rng.fillNormal(w); rng.fillNormal(bias); rng.fillNormal(dout);
            float[][] ref = conv(Backend.reference(), x, w, bias, dout, B, C, H, W, OC, K, S, P, OH, OW);
            float[][] one = null;
            for (int threads : new int[] {1, 2, 3}) {
                float[][] got = conv(new CpuBackend(threads), x, w, bias, dout, B, C, H, W, OC, K, S, P, OH, OW);
                String[] names = {"out", "dx", "dw", "dbias"};
                double[] scale = {C * K * K, OC * K * K, B * OH * OW, B * OH * OW};
                for (int i = 0; i < 4; i++) {
                    double maxdiff = 0;
                    for (int j = 0; j < got[i].length; j++) maxdiff = Math.max(maxdiff, Math.abs(got[i][j] - ref[i][j]));
                    assertTrue(maxdiff < 1e-5 * scale[i] + 1e-5, names[i] + " of conv " + java.util.Arrays.toString(c) + " maxdiff " + maxdiff);
                }
                if (one == null) one = got;
                else for (int i = 0; i < 4; i++) assertArrayEquals(one[i], got[i], names[i] + " at " + threads + " threads differs from 1 thread");
            }
        }
    }

    /** out, then dx, dw, dbias accumulated onto ones (the backward adds to what is there). */
    private static float[][] conv(Backend be, float[] x, float[] w, float[] bias, float[] dout, int B, int C, int H, int W, int OC, int K, int S, int P, int OH, int OW) {
        float[] out = new float[dout.length], dx = new float[x.length], dw = new float[w.length], db = new float[OC];
        java.util.Arrays.fill(dx, 1f); java.util.Arrays.fill(dw, 1f); java.util.Arrays.fill(db, 1f);
        be.conv2d(out, x, w, bias, B, C, H, W, OC, K, K, S, P, OH, OW);
        be.conv2dBackward(null, dx, dw, db, dout, x, w, B, C, H, W, OC, K, K, S, P, OH, OW);
        return new float[][] {out, dx, dw, db};
    }

    @Test
    void reluAndItsBackwardMatchTheReference() {
        Rng rng = new Rng(3);
        for (int n : new int[] {1, 7, 8, 100, 200_001}) {
            float[] a = new float[n], dout = new float[n];
            rng.fillNormal(a); rng.fillNormal(dout);
            float[] ref = new float[n], refGrad = dout.clone();
            Backend.reference().relu(ref, a, n);
            Backend.reference().reluBackward(refGrad, dout, ref, n);
            for (int threads : new int[] {1, 2}) {
                float[] out = new float[n], grad = dout.clone();
                Backend be = new CpuBackend(threads);
                be.relu(out, a, n);
                be.reluBackward(grad, dout, out, n);
                assertArrayEquals(ref, out);
                assertArrayEquals(refGrad, grad);
            }
        }
    }

    @Test
    void autoPicksCpuAndSaysWhyWithoutTheTornadoRuntime() {
        assumeFalse(Backends.tornadoRuntimePresent(), "the JVM runs TornadoVM (-Ptornado): TornadoBackendTest covers auto");
        Backends.Selection s = Backends.select("auto", 1);
        assertEquals("cpu", s.backend().name());
        assertEquals("TornadoVM runtime not present", s.reason());
        assertEquals(1, s.backend().threads());
        assertEquals(2, Backends.select("cpu", 2).backend().threads());
    }

    @Test
    void explicitTornadoWithoutTheRuntimeIsAClearError() {
        assumeFalse(Backends.tornadoRuntimePresent(), "the JVM runs TornadoVM (-Ptornado)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("tornado", 1));
        assertTrue(e.getMessage().contains("TornadoVM runtime is not present"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.select("gpu", 1));
    }

    @Test
    void aScopeSetsTheBackendForThisThreadOnly() {
        Backend one = Backends.select("cpu", 1).backend();
        try (var s = Backends.use(one)) {
            assertSame(one, Backends.current());
        }
        assertNotSame(one, Backends.current());
    }
}
