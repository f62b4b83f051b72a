package org.sevensteps.engine.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.tensor.Rng;

/**
 * What every backend must do: each of its kernels gives the reference kernel's result within float
 * rounding, also on a second call of the same shape with new inputs (a backend that compiles one
 * graph per shape must see the new values). A subclass names the backend; {@code CpuBackendTest}
 * runs this for the reference and the CPU backend, {@code TornadoBackendTest} for the device.
 * Test methods are public: they are inherited across packages.
 */
public abstract class BackendContract {

    /** The backend under test. */
    protected abstract Backend backend();

    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {64, 784, 50}, {50, 64, 784}, {16, 144, 3136}, {13, 31, 29}, {4, 9, 17}};

    /** One matmul variant, on a backend. */
    protected interface Mm { void run(Backend be, float[] out, float[] a, float[] b, int M, int K, int N); }

    private void compareMatmul(String name, Mm mm) {
        Rng rng = new Rng(11);
        for (int[] s : SHAPES) {
            int M = s[0], K = s[1], N = s[2];
            float[] a = new float[M * K], b = new float[K * N], init = new float[M * N];
            rng.fillNormal(a); rng.fillNormal(b); rng.fillNormal(init);
            for (int call = 0; call < 2; call++) {
                if (call == 1) for (int i = 0; i < a.length; i++) a[i] = -a[i];
                float[] ref = init.clone(), out = init.clone();
                mm.run(Backend.reference(), ref, a, b, M, K, N);
                mm.run(backend(), out, a, b, M, K, N);
                double maxdiff = maxdiff(out, ref);
                assertTrue(maxdiff < 1e-4 * Math.sqrt(K) + 1e-5, name + " " + M + "x" + K + "x" + N + " call " + call + " maxdiff " + maxdiff);
            }
        }
    }

    @Test
    public void matmulNNMatchesTheReference() {
        compareMatmul("NN", (be, o, a, b, M, K, N) -> be.matmulNN(o, a, b, M, K, N));
    }

    @Test
    public void matmulNTMatchesTheReference() {
        compareMatmul("NT", (be, o, a, b, M, K, N) -> be.matmulNT(o, a, b, M, K, N));
    }

    @Test
    public void matmulTNMatchesTheReference() {
        compareMatmul("TN", (be, o, a, b, M, K, N) -> be.matmulTN(o, a, b, M, K, N));
    }

    /**
     * B, C, H, W, OC, K, stride, pad: the three layers of workload E, odd sizes, and a batch that does
     * not fill the last task; stride-2 rows longer than two 512-bit vectors, and without padding.
     */
    protected static final int[][] CONVS = {{64, 1, 28, 28, 16, 3, 2, 1}, {64, 16, 14, 14, 16, 3, 2, 1}, {64, 16, 7, 7, 10, 3, 2, 1},
            {5, 3, 9, 7, 20, 3, 1, 0}, {3, 2, 5, 6, 3, 2, 2, 1}, {7, 4, 8, 8, 33, 5, 1, 2}, {2, 2, 37, 35, 5, 3, 2, 1},
            {3, 3, 9, 10, 4, 3, 2, 0},
            // more images than one group of vector lanes, the last group partial; stride over the kernel (phases no tap reaches)
            {37, 2, 9, 9, 3, 2, 3, 0}, {20, 1, 6, 6, 4, 1, 2, 0}};

    @Test
    public void conv2dForwardAndBackwardMatchTheReference() {
        Rng rng = new Rng(5);
        for (int[] c : CONVS) {
            int B = c[0], C = c[1], H = c[2], W = c[3], OC = c[4], K = c[5], S = c[6], P = c[7];
            int OH = (H + 2 * P - K) / S + 1, OW = (W + 2 * P - K) / S + 1;
            float[] x = new float[B * C * H * W], w = new float[OC * C * K * K], bias = new float[OC], dout = new float[B * OC * OH * OW];
            rng.fillNormal(x); rng.fillNormal(w); rng.fillNormal(bias); rng.fillNormal(dout);
            float[][] ref = conv(Backend.reference(), x, w, bias, dout, B, C, H, W, OC, K, S, P, OH, OW);
            float[][] got = conv(backend(), x, w, bias, dout, B, C, H, W, OC, K, S, P, OH, OW);
            String[] names = {"out", "dx", "dw", "dbias"};
            double[] scale = {C * K * K, OC * K * K, B * OH * OW, B * OH * OW};
            for (int i = 0; i < 4; i++) {
                double maxdiff = maxdiff(got[i], ref[i]);
                assertTrue(maxdiff < 1e-5 * scale[i] + 1e-5, names[i] + " of conv " + Arrays.toString(c) + " maxdiff " + maxdiff);
            }
            // the first layer of a model wants no dx
            float[] dw = new float[w.length], db = new float[OC], dwRef = new float[w.length], dbRef = new float[OC];
            Object saved = backend().conv2d(new float[dout.length], x, w, bias, B, C, H, W, OC, K, K, S, P, OH, OW);
            backend().conv2dBackward(saved, null, dw, db, dout, x, w, B, C, H, W, OC, K, K, S, P, OH, OW);
            Backend.reference().conv2dBackward(null, null, dwRef, dbRef, dout, x, w, B, C, H, W, OC, K, K, S, P, OH, OW);
            assertTrue(maxdiff(dw, dwRef) < 1e-5 * scale[2] + 1e-5, "dw without dx of conv " + Arrays.toString(c));
            assertTrue(maxdiff(db, dbRef) < 1e-5 * scale[3] + 1e-5, "dbias without dx of conv " + Arrays.toString(c));
        }
    }

    /** out, then dx, dw, dbias accumulated onto ones (the backward adds to what is there). */
    protected static float[][] conv(Backend be, float[] x, float[] w, float[] bias, float[] dout, int B, int C, int H, int W, int OC, int K, int S, int P, int OH, int OW) {
        float[] out = new float[dout.length], dx = new float[x.length], dw = new float[w.length], db = new float[OC];
        Arrays.fill(dx, 1f); Arrays.fill(dw, 1f); Arrays.fill(db, 1f);
        Object saved = be.conv2d(out, x, w, bias, B, C, H, W, OC, K, K, S, P, OH, OW);
        be.conv2dBackward(saved, dx, dw, db, dout, x, w, B, C, H, W, OC, K, K, S, P, OH, OW);
        return new float[][] {out, dx, dw, db};
    }

    @Test
    public void im2colAndCol2imMatchTheReference() {
        Rng rng = new Rng(8);
        int B = 3, C = 2, H = 7, W = 6, K = 3, S = 2, P = 1, OH = (H + 2 * P - K) / S + 1, OW = (W + 2 * P - K) / S + 1;
        float[] x = new float[B * C * H * W];
        rng.fillNormal(x);
        float[] col = new float[C * K * K * B * OH * OW], colRef = col.clone();
        backend().im2col(col, x, B, C, H, W, K, K, S, P, OH, OW);
        Backend.reference().im2col(colRef, x, B, C, H, W, K, K, S, P, OH, OW);
        assertArrayEquals(colRef, col);
        float[] dx = new float[x.length], dxRef = new float[x.length];
        backend().col2im(dx, col, B, C, H, W, K, K, S, P, OH, OW);
        Backend.reference().col2im(dxRef, col, B, C, H, W, K, K, S, P, OH, OW);
        assertTrue(maxdiff(dx, dxRef) < 1e-5);
    }

    @Test
    public void reluAndItsBackwardMatchTheReference() {
        Rng rng = new Rng(3);
        for (int n : new int[] {1, 7, 8, 100, 200_001}) {
            float[] a = new float[n], dout = new float[n];
            rng.fillNormal(a); rng.fillNormal(dout);
            float[] ref = new float[n], refGrad = dout.clone(), out = new float[n], grad = dout.clone();
            Backend.reference().relu(ref, a, n);
            Backend.reference().reluBackward(refGrad, dout, ref, n);
            backend().relu(out, a, n);
            backend().reluBackward(grad, dout, out, n);
            assertArrayEquals(ref, out);
            assertArrayEquals(refGrad, grad);
        }
    }

    @Test
    public void biasAddPoolingAndAccumulateMatchTheReference() {
        Rng rng = new Rng(4);
        int R = 37, C = 10;
        float[] out = new float[R * C], bias = new float[C], dout = new float[R * C];
        rng.fillNormal(out); rng.fillNormal(bias); rng.fillNormal(dout);
        float[] o1 = out.clone(), o2 = out.clone(), db1 = bias.clone(), db2 = bias.clone();
        Backend.reference().addBias(o1, bias, R, C);
        backend().addBias(o2, bias, R, C);
        assertTrue(maxdiff(o1, o2) < 1e-6, "addBias");
        Backend.reference().addBiasBackward(db1, dout, R, C);
        backend().addBiasBackward(db2, dout, R, C);
        assertTrue(maxdiff(db1, db2) < 1e-5, "addBiasBackward");
        Backend.reference().accumulate(o1, dout, R * C);
        backend().accumulate(o2, dout, R * C);
        assertTrue(maxdiff(o1, o2) < 1e-6, "accumulate");
        // pooling: CNN's 4×4 windows over 4×4 maps, and overlapping windows
        for (int[] p : new int[][] {{64, 10, 4, 4, 4, 4}, {3, 2, 7, 6, 3, 2}}) {
            int B = p[0], Ch = p[1], H = p[2], W = p[3], K = p[4], S = p[5], OH = (H - K) / S + 1, OW = (W - K) / S + 1;
            float[] x = new float[B * Ch * H * W], g = new float[B * Ch * OH * OW];
            rng.fillNormal(x); rng.fillNormal(g);
            float[] y1 = new float[g.length], y2 = new float[g.length], dx1 = x.clone(), dx2 = x.clone();
            Backend.reference().avgPool(y1, x, B, Ch, H, W, K, S, OH, OW);
            backend().avgPool(y2, x, B, Ch, H, W, K, S, OH, OW);
            assertTrue(maxdiff(y1, y2) < 1e-6, "avgPool " + Arrays.toString(p));
            Backend.reference().avgPoolBackward(dx1, g, B, Ch, H, W, K, S, OH, OW);
            backend().avgPoolBackward(dx2, g, B, Ch, H, W, K, S, OH, OW);
            assertTrue(maxdiff(dx1, dx2) < 1e-6, "avgPoolBackward " + Arrays.toString(p));
        }
    }

    @Test
    public void sgdAndAdamStepsMatchTheReference() {
        Rng rng = new Rng(6);
        int n = 1000;
        float[] p = new float[n], g = new float[n];
        rng.fillNormal(p); rng.fillNormal(g);
        // plain SGD, then with momentum and weight decay over two steps
        float[] p1 = p.clone(), p2 = p.clone();
        Backend.reference().sgd(p1, null, g, 0.1f, 0f, 0f, true, n);
        backend().sgd(p2, null, g, 0.1f, 0f, 0f, true, n);
        assertTrue(maxdiff(p1, p2) < 1e-6, "sgd");
        float[] b1 = new float[n], b2 = new float[n];
        for (int step = 1; step <= 2; step++) {
            Backend.reference().sgd(p1, b1, g, 0.1f, 0.9f, 0.01f, step == 1, n);
            backend().sgd(p2, b2, g, 0.1f, 0.9f, 0.01f, step == 1, n);
        }
        assertTrue(maxdiff(p1, p2) < 1e-6 && maxdiff(b1, b2) < 1e-6, "sgd with momentum");
        float[] m1 = new float[n], v1 = new float[n], m2 = new float[n], v2 = new float[n];
        for (int step = 1; step <= 3; step++) {
            float bc1 = (float) (1 - Math.pow(0.9, step)), bc2 = (float) (1 - Math.pow(0.999, step));
            Backend.reference().adam(p1, m1, v1, g, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, bc1, bc2, n);
            backend().adam(p2, m2, v2, g, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, bc1, bc2, n);
        }
        assertTrue(maxdiff(p1, p2) < 1e-6 && maxdiff(m1, m2) < 1e-6 && maxdiff(v1, v2) < 1e-6, "adam");
    }

    /** The largest absolute difference of two same-sized arrays. */
    public static double maxdiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
