package org.sevensteps.engine.backend.tornado;

import org.sevensteps.engine.kernels.Conv;
import org.sevensteps.engine.kernels.Elementwise;
import org.sevensteps.engine.kernels.Matmul;
import org.sevensteps.engine.kernels.Optim;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * What TornadoVM compiles for the device. There is no math here: each method is a {@code @Parallel}
 * loop over the outputs of one reference kernel, and the body calls that kernel's {@code ...At}
 * method, the same method the reference loop on the CPU calls. Loop bounds are parameters, so
 * TornadoVM sizes the grid from them; sizes are baked into each compiled graph (one per shape).
 *
 * <p>Kernels that add into their output ({@code +=}) take {@code clear}: when 1, each thread first
 * zeroes the element it owns, which replaces a separate zeroing kernel for a sum that starts in a
 * fresh buffer. It is a constant of the compiled graph, so the branch costs nothing. The optimizers
 * read their per-step numbers (learning rate, bias corrections) from {@code hyper} at {@code h}: a
 * scalar argument would be baked into the graph.
 */
final class TornadoKernels {
    private TornadoKernels() {}

    /** out (M,N) += a (M,K) · b (K,N), one thread per output element. */
    static void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N, int clear) {
        for (@Parallel int i = 0; i < M; i++) {
            for (@Parallel int j = 0; j < N; j++) {
                if (clear != 0) out[i * N + j] = 0f;
                Matmul.matmulNNAt(out, a, b, K, N, i, j);
            }
        }
    }

    /** out (M,N) += a (M,K) · b (N,K)ᵀ. */
    static void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N, int clear) {
        for (@Parallel int i = 0; i < M; i++) {
            for (@Parallel int j = 0; j < N; j++) {
                if (clear != 0) out[i * N + j] = 0f;
                Matmul.matmulNTAt(out, a, b, K, N, i, j);
            }
        }
    }

    /** out (M,N) += a (K,M)ᵀ · b (K,N). */
    static void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N, int clear) {
        for (@Parallel int i = 0; i < M; i++) {
            for (@Parallel int j = 0; j < N; j++) {
                if (clear != 0) out[i * N + j] = 0f;
                Matmul.matmulTNAt(out, a, b, M, K, N, i, j);
            }
        }
    }

    /** n = C*KH*KW*B*OH*OW entries of col. */
    static void im2col(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW, int n) {
        for (@Parallel int e = 0; e < n; e++) Conv.im2colAt(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW, e);
    }

    /** n = B*C*H*W pixels of dx. */
    static void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW, int n, int clear) {
        for (@Parallel int e = 0; e < n; e++) {
            if (clear != 0) dx[e] = 0f;
            Conv.col2imAt(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW, e);
        }
    }

    /** n = B*OC*P entries of out. */
    static void colToImage(float[] out, float[] ycol, float[] bias, int B, int OC, int P, int n) {
        for (@Parallel int e = 0; e < n; e++) Conv.colToImageAt(out, ycol, bias, B, OC, P, e);
    }

    /** n = B*OC*P entries of dout. */
    static void colToImageBackward(float[] dycol, float[] dout, int B, int OC, int P, int n) {
        for (@Parallel int e = 0; e < n; e++) Conv.colToImageBackwardAt(dycol, dout, B, OC, P, e);
    }

    /** One thread per output channel. */
    static void biasGrad(float[] dbias, float[] dout, int B, int OC, int P, int clear) {
        for (@Parallel int oc = 0; oc < OC; oc++) {
            if (clear != 0) dbias[oc] = 0f;
            Conv.biasGradAt(dbias, dout, B, OC, P, oc);
        }
    }

    static void relu(float[] out, float[] a, int n) {
        for (@Parallel int i = 0; i < n; i++) Elementwise.reluAt(out, a, i);
    }

    static void reluBackward(float[] da, float[] dout, float[] out, int n, int clear) {
        for (@Parallel int i = 0; i < n; i++) {
            if (clear != 0) da[i] = 0f;
            Elementwise.reluBackwardAt(da, dout, out, i);
        }
    }

    /** n = R*C elements of out. */
    static void addBias(float[] out, float[] bias, int C, int n, int clear) {
        for (@Parallel int e = 0; e < n; e++) {
            if (clear != 0) out[e] = 0f;
            Matmul.addBiasAt(out, bias, C, e);
        }
    }

    /** One thread per column. */
    static void addBiasBackward(float[] dbias, float[] dout, int R, int C, int clear) {
        for (@Parallel int c = 0; c < C; c++) {
            if (clear != 0) dbias[c] = 0f;
            Matmul.addBiasBackwardAt(dbias, dout, R, C, c);
        }
    }

    /** n = B*C*OH*OW outputs. */
    static void avgPool(float[] out, float[] x, int B, int C, int H, int W, int K, int stride, int OH, int OW, int n) {
        for (@Parallel int e = 0; e < n; e++) Conv.avgPoolAt(out, x, B, C, H, W, K, stride, OH, OW, e);
    }

    /** n = B*C*H*W input pixels. */
    static void avgPoolBackward(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW, int n, int clear) {
        for (@Parallel int e = 0; e < n; e++) {
            if (clear != 0) dx[e] = 0f;
            Conv.avgPoolBackwardAt(dx, dout, B, C, H, W, K, stride, OH, OW, e);
        }
    }

    static void accumulate(float[] da, float[] dout, int n, int clear) {
        for (@Parallel int i = 0; i < n; i++) {
            if (clear != 0) da[i] = 0f;
            Elementwise.accumulateAt(da, dout, i);
        }
    }

    /** SGD; hyper[h] is the learning rate, hyper[h+1] 1 on the first step. buf is a dummy when momentum is 0. */
    static void sgd(float[] p, float[] buf, float[] g, float[] hyper, int h, float momentum, float weightDecay, int n) {
        for (@Parallel int i = 0; i < n; i++) Optim.sgdAt(p, buf, g, hyper[h], momentum, weightDecay, hyper[h + 1] != 0f, i);
    }

    /** Adam; hyper[h] is the learning rate, hyper[h+1] and hyper[h+2] the bias corrections. */
    static void adam(float[] p, float[] m, float[] v, float[] g, float[] hyper, int h, float b1, float b2, float eps,
                     float weightDecay, int n) {
        for (@Parallel int i = 0; i < n; i++) Optim.adamAt(p, m, v, g, hyper[h], b1, b2, eps, weightDecay, hyper[h + 1], hyper[h + 2], i);
    }

    /** a = 0: clears a device-only buffer that a matmul then accumulates into. Not math, a memset. */
    static void zero(float[] a, int n) {
        for (@Parallel int i = 0; i < n; i++) a[i] = 0f;
    }

    /**
     * Does nothing to {@code a}: a graph that only moves arrays to the device needs a task that uses
     * them. One thread.
     */
    static void touch(float[] a) {
        for (@Parallel int i = 0; i < 1; i++) a[i] = a[i];
    }
}
