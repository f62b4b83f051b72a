package org.sevensteps.engine.backend.tornado;

import org.sevensteps.engine.kernels.Conv;
import org.sevensteps.engine.kernels.Elementwise;
import org.sevensteps.engine.kernels.Matmul;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * What TornadoVM compiles for the device. There is no math here: each method is a {@code @Parallel}
 * loop over the outputs of one reference kernel, and the body calls that kernel's {@code ...At}
 * method, the same method the reference loop on the CPU calls. Loop bounds are parameters, so
 * TornadoVM sizes the grid from them; sizes are baked into each compiled graph (one per shape).
 */
final class TornadoKernels {
    private TornadoKernels() {}

    /** out (M,N) += a (M,K) · b (K,N), one thread per output element. */
    static void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (@Parallel int i = 0; i < M; i++) {
            for (@Parallel int j = 0; j < N; j++) Matmul.matmulNNAt(out, a, b, K, N, i, j);
        }
    }

    /** out (M,N) += a (M,K) · b (N,K)ᵀ. */
    static void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (@Parallel int i = 0; i < M; i++) {
            for (@Parallel int j = 0; j < N; j++) Matmul.matmulNTAt(out, a, b, K, N, i, j);
        }
    }

    /** out (M,N) += a (K,M)ᵀ · b (K,N). */
    static void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (@Parallel int i = 0; i < M; i++) {
            for (@Parallel int j = 0; j < N; j++) Matmul.matmulTNAt(out, a, b, M, K, N, i, j);
        }
    }

    /** n = C*KH*KW*B*OH*OW entries of col. */
    static void im2col(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW, int n) {
        for (@Parallel int e = 0; e < n; e++) Conv.im2colAt(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW, e);
    }

    /** n = B*C*H*W pixels of dx. */
    static void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW, int n) {
        for (@Parallel int e = 0; e < n; e++) Conv.col2imAt(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW, e);
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
    static void biasGrad(float[] dbias, float[] dout, int B, int OC, int P) {
        for (@Parallel int oc = 0; oc < OC; oc++) Conv.biasGradAt(dbias, dout, B, OC, P, oc);
    }

    static void relu(float[] out, float[] a, int n) {
        for (@Parallel int i = 0; i < n; i++) Elementwise.reluAt(out, a, i);
    }

    static void reluBackward(float[] da, float[] dout, float[] out, int n) {
        for (@Parallel int i = 0; i < n; i++) Elementwise.reluBackwardAt(da, dout, out, i);
    }

    /** a = 0: clears a device-only buffer that a matmul then accumulates into. Not math, a memset. */
    static void zero(float[] a, int n) {
        for (@Parallel int i = 0; i < n; i++) a[i] = 0f;
    }
}
