package org.sevensteps.engine.backend.tornado;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sevensteps.engine.backend.Backend;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.tensor.Rng;

/**
 * The backend tests of {@code CpuBackendTest}, rerun on the TornadoVM device against the reference
 * kernels. Runs under {@code -Ptornado}, whose Surefire argLine starts the JVM with TornadoVM's argfile
 * and {@code -Dtornado.recover.bailout=False}: a kernel that does not compile fails instead of quietly
 * running on the host. Without the runtime every test is skipped, saying why.
 */
@Timeout(300)
class TornadoBackendTest {
    static TornadoBackend be;

    @BeforeAll
    static void device() {
        TornadoSkip.unlessRuntimePresent();
        be = new TornadoBackend(); // strict: no fallback
        System.out.println("TornadoBackendTest on " + be.device() + ", bailout " + System.getProperty("tornado.recover.bailout"));
    }

    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {64, 784, 50}, {50, 64, 784}, {16, 144, 3136}, {13, 31, 29}};

    interface Mm { void run(Backend be, float[] out, float[] a, float[] b, int M, int K, int N); }

    private static void compare(String name, Mm mm) {
        Rng rng = new Rng(11);
        for (int[] s : SHAPES) {
            int M = s[0], K = s[1], N = s[2];
            float[] a = new float[M * K], b = new float[K * N], init = new float[M * N];
            rng.fillNormal(a); rng.fillNormal(b); rng.fillNormal(init);
            float[] ref = init.clone(), out = init.clone();
            mm.run(Backend.reference(), ref, a, b, M, K, N);
            mm.run(be, out, a, b, M, K, N);
            double maxdiff = maxdiff(out, ref);
            System.out.printf("%s %dx%dx%d maxdiff %.2e%n", name, M, K, N, maxdiff);
            assertTrue(maxdiff < 1e-4 * Math.sqrt(K) + 1e-5, name + " " + M + "x" + K + "x" + N + " maxdiff " + maxdiff);
            // a second call of the same shape reuses the graph and must see the new inputs
            float[] again = init.clone(), a2 = a.clone();
            for (int i = 0; i < a2.length; i++) a2[i] *= -1;
            mm.run(be, again, a2, b, M, K, N);
            float[] ref2 = init.clone();
            mm.run(Backend.reference(), ref2, a2, b, M, K, N);
            assertTrue(maxdiff(again, ref2) < 1e-4 * Math.sqrt(K) + 1e-5, name + " second call");
        }
    }

    @Test
    void matmulNNMatchesTheReference() {
        compare("NN", (be, o, a, b, M, K, N) -> be.matmulNN(o, a, b, M, K, N));
    }

    @Test
    void matmulNTMatchesTheReference() {
        compare("NT", (be, o, a, b, M, K, N) -> be.matmulNT(o, a, b, M, K, N));
    }

    @Test
    void matmulTNMatchesTheReference() {
        compare("TN", (be, o, a, b, M, K, N) -> be.matmulTN(o, a, b, M, K, N));
    }

    /** B, C, H, W, OC, K, stride, pad: the three layers of workload E and odd sizes. */
    private static final int[][] CONVS = {{64, 1, 28, 28, 16, 3, 2, 1}, {64, 16, 14, 14, 16, 3, 2, 1}, {64, 16, 7, 7, 10, 3, 2, 1},
            {5, 3, 9, 7, 20, 3, 1, 0}, {3, 2, 5, 6, 3, 2, 2, 1}, {7, 4, 8, 8, 33, 5, 1, 2}};

    @Test
    void conv2dForwardAndBackwardMatchTheReference() {
        Rng rng = new Rng(5);
        for (int[] c : CONVS) {
            int B = c[0], C = c[1], H = c[2], W = c[3], OC = c[4], K = c[5], S = c[6], P = c[7];
            int OH = (H + 2 * P - K) / S + 1, OW = (W + 2 * P - K) / S + 1;
            float[] x = new float[B * C * H * W], w = new float[OC * C * K * K], bias = new float[OC], dout = new float[B * OC * OH * OW];
            rng.fillNormal(x); rng.fillNormal(w); rng.fillNormal(bias); rng.fillNormal(dout);
            float[][] ref = conv(Backend.reference(), x, w, bias, dout, B, C, H, W, OC, K, S, P, OH, OW);
            float[][] got = conv(be, x, w, bias, dout, B, C, H, W, OC, K, S, P, OH, OW);
            String[] names = {"out", "dx", "dw", "dbias"};
            double[] scale = {C * K * K, OC * K * K, B * OH * OW, B * OH * OW};
            for (int i = 0; i < 4; i++) {
                double maxdiff = maxdiff(got[i], ref[i]);
                System.out.printf("conv %s %s maxdiff %.2e%n", Arrays.toString(c), names[i], maxdiff);
                assertTrue(maxdiff < 1e-5 * scale[i] + 1e-5, names[i] + " of conv " + Arrays.toString(c) + " maxdiff " + maxdiff);
            }
            // the first layer of a model wants no dx: its own graph
            float[] dw = new float[w.length], db = new float[OC], dwRef = new float[w.length], dbRef = new float[OC];
            be.conv2dBackward(null, null, dw, db, dout, x, w, B, C, H, W, OC, K, K, S, P, OH, OW);
            Backend.reference().conv2dBackward(null, null, dwRef, dbRef, dout, x, w, B, C, H, W, OC, K, K, S, P, OH, OW);
            assertTrue(maxdiff(dw, dwRef) < 1e-5 * scale[2] + 1e-5, "dw without dx");
        }
    }

    @Test
    void im2colAndCol2imMatchTheReference() {
        Rng rng = new Rng(8);
        int B = 3, C = 2, H = 7, W = 6, K = 3, S = 2, P = 1, OH = (H + 2 * P - K) / S + 1, OW = (W + 2 * P - K) / S + 1;
        float[] x = new float[B * C * H * W];
        rng.fillNormal(x);
        float[] col = new float[C * K * K * B * OH * OW], colRef = col.clone();
        be.im2col(col, x, B, C, H, W, K, K, S, P, OH, OW);
        Backend.reference().im2col(colRef, x, B, C, H, W, K, K, S, P, OH, OW);
        assertArrayEquals(colRef, col);
        float[] dx = new float[x.length], dxRef = new float[x.length];
        be.col2im(dx, col, B, C, H, W, K, K, S, P, OH, OW);
        Backend.reference().col2im(dxRef, col, B, C, H, W, K, K, S, P, OH, OW);
        assertTrue(maxdiff(dx, dxRef) < 1e-5);
    }

    /** out, then dx, dw, dbias accumulated onto ones (the backward adds to what is there). */
    private static float[][] conv(Backend be, float[] x, float[] w, float[] bias, float[] dout, int B, int C, int H, int W, int OC, int K, int S, int P, int OH, int OW) {
        float[] out = new float[dout.length], dx = new float[x.length], dw = new float[w.length], db = new float[OC];
        Arrays.fill(dx, 1f); Arrays.fill(dw, 1f); Arrays.fill(db, 1f);
        Object saved = be.conv2d(out, x, w, bias, B, C, H, W, OC, K, K, S, P, OH, OW);
        be.conv2dBackward(saved, dx, dw, db, dout, x, w, B, C, H, W, OC, K, K, S, P, OH, OW);
        return new float[][] {out, dx, dw, db};
    }

    @Test
    void reluAndItsBackwardMatchTheReference() {
        Rng rng = new Rng(3);
        for (int n : new int[] {1, 7, 100, 200_001}) {
            float[] a = new float[n], dout = new float[n];
            rng.fillNormal(a); rng.fillNormal(dout);
            float[] ref = new float[n], refGrad = dout.clone(), out = new float[n], grad = dout.clone();
            Backend.reference().relu(ref, a, n);
            Backend.reference().reluBackward(refGrad, dout, ref, n);
            be.relu(out, a, n);
            be.reluBackward(grad, dout, out, n);
            assertArrayEquals(ref, out);
            assertArrayEquals(refGrad, grad);
        }
    }

    @Test
    void autoPicksTornadoWhenTheRuntimeIsPresent() {
        Backends.Selection s = Backends.select("auto", 1);
        assertEquals("tornado", s.backend().name(), s.reason());
        assertEquals("TornadoVM runtime present", s.reason());
        assertSame(s.backend(), Backends.select("tornado", 1).backend(), "one backend per process: it holds the graphs");
    }

    @Test
    void eachShapeCompilesOneGraphOnce() {
        TornadoBackend fresh = new TornadoBackend();
        int before = fresh.graphs();
        float[] out = new float[6], a = new float[6], b = new float[9];
        for (int i = 0; i < 3; i++) fresh.matmulNN(out, a, b, 2, 3, 3);
        fresh.matmulNN(new float[4], new float[6], new float[6], 2, 3, 2);
        assertEquals(before + 2, fresh.graphs());
    }

    @Test
    void theLeastRecentlyUsedGraphIsFreedBeyondTheLimit() {
        TornadoBackend small = new TornadoBackend(null, 2);
        float[] a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1, 0, 0, 1};
        for (int n = 1; n <= 3; n++) small.matmulNN(new float[2 * n], a, b, 2, 3, n);
        assertEquals(java.util.Set.of("matmulNN 2x3x2", "matmulNN 2x3x3"), small.graphKeys());
        float[] out = new float[2];
        small.matmulNN(out, a, b, 2, 3, 1); // compiled again
        assertArrayEquals(new float[] {1, 4}, out, 1e-6f); // b read as (3,1): 1, 0, 0
        assertEquals(2, small.graphs());
    }

    static double maxdiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
