package org.sevensteps.engine.backend;

import org.sevensteps.engine.kernels.Conv;
import org.sevensteps.engine.kernels.Matmul;

/**
 * The hot kernels, the ones worth running on more cores or a GPU. Each default method is the
 * reference kernel from {@code kernels}, single-threaded: an implementation overrides what it can
 * do faster and must give the same result within float rounding.
 */
public interface Backend {

    /** Short name shown in the UI and logs: "reference", "cpu", "tornado". */
    String name();

    /** Worker threads this backend uses (1 = everything on the calling thread). */
    default int threads() {
        return 1;
    }

    /** out (M,N) += a (M,K) · b (K,N). */
    default void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) {
        Matmul.matmulNN(out, a, b, M, K, N);
    }

    /** out (M,N) += a (M,K) · b (N,K)ᵀ. */
    default void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) {
        Matmul.matmulNT(out, a, b, M, K, N);
    }

    /** out (M,N) += a (K,M)ᵀ · b (K,N). */
    default void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) {
        Matmul.matmulTN(out, a, b, M, K, N);
    }

    /** See {@link Conv#im2col}. */
    default void im2col(float[] col, float[] x, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
        Conv.im2col(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW);
    }

    /** See {@link Conv#col2im}. */
    default void col2im(float[] dx, float[] dcol, int B, int C, int H, int W, int KH, int KW, int stride, int pad, int OH, int OW) {
        Conv.col2im(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW);
    }

    /** The reference backend: the kernels exactly as written, one thread. */
    static Backend reference() {
        return () -> "reference";
    }
}
