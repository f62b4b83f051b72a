package org.sevensteps.engine.backend;

import org.sevensteps.engine.kernels.Conv;
import org.sevensteps.engine.kernels.Elementwise;
import org.sevensteps.engine.kernels.Matmul;
import org.sevensteps.engine.kernels.Optim;

/**
 * The kernels that layers and optimizers run, the ones worth running on more cores or a GPU. Each
 * default method is the reference kernel from {@code kernels}, single-threaded: an implementation
 * overrides what it can do faster and must give the same result within float rounding.
 *
 * <p>A backend whose processor has memory of its own says so through {@link #device()}: then a
 * training step of a model can be recorded from these calls ({@link Tape}) and kept on the device
 * between batches ({@link Program}).
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

    /**
     * 2-d convolution (cross-correlation), overwriting out: out (B,OC,OH,OW) = x (B,C,H,W) ⋆ w (OC,C,KH,KW)
     * + bias (OC). The reference is im2col, one matmul for the whole batch, then a reorder to NCHW.
     *
     * @return what this backend keeps from the forward for {@link #conv2dBackward} (null: nothing)
     */
    default Object conv2d(float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                        int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        int P = OH * OW, CKK = C * KH * KW;
        float[] col = new float[CKK * B * P];   // (CKK, B*P)
        im2col(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW);
        float[] ycol = new float[OC * B * P];  // (OC, B*P)
        matmulNN(ycol, w, col, OC, CKK, B * P);
        Conv.colToImage(out, ycol, bias, B, OC, P);
        return null;
    }

    /** Lets go of what {@link #conv2d} kept when no backward will consume it (the forward recorded no graph). */
    default void conv2dDiscard(Object saved) {}

    /**
     * Backward of {@link #conv2d}: dx (B,C,H,W) += dout ⋆ᵀ w, dw (OC,C,KH,KW) += dout ⋆ x and
     * dbias (OC) += the sums of dout (B,OC,OH,OW) per channel. Any of dx, dw, dbias may be null: not wanted.
     * {@code saved} is what the forward returned; the backward consumes it (its buffers may go to the next forward).
     */
    default void conv2dBackward(Object saved, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                                int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        int P = OH * OW, CKK = C * KH * KW;
        float[] dycol = new float[OC * B * P]; // dout in (OC, B*P) order
        Conv.colToImageBackward(dycol, dbias != null ? dbias : new float[OC], dout, B, OC, P);
        if (dw != null) {
            // ycol = W·col  =>  dW = dycol·colᵀ
            float[] col = new float[CKK * B * P];
            im2col(col, x, B, C, H, W, KH, KW, stride, pad, OH, OW);
            matmulNT(dw, dycol, col, OC, B * P, CKK);
        }
        if (dx != null) {
            // dcol = Wᵀ·dycol, then each column entry goes back to the pixel it came from
            float[] dcol = new float[CKK * B * P];
            matmulTN(dcol, w, dycol, CKK, OC, B * P);
            col2im(dx, dcol, B, C, H, W, KH, KW, stride, pad, OH, OW);
        }
    }

    /** out = max(a, 0). See {@link Elementwise#relu}. */
    default void relu(float[] out, float[] a, int n) {
        Elementwise.relu(out, a, n);
    }

    /** da += dout where out > 0. See {@link Elementwise#reluBackward}. */
    default void reluBackward(float[] da, float[] dout, float[] out, int n) {
        Elementwise.reluBackward(da, dout, out, n);
    }

    /** out (R,C) += bias (C), to every row. See {@link Matmul#addBias}. */
    default void addBias(float[] out, float[] bias, int R, int C) {
        Matmul.addBias(out, bias, R, C);
    }

    /** dbias (C) += the column sums of dout (R,C). See {@link Matmul#addBiasBackward}. */
    default void addBiasBackward(float[] dbias, float[] dout, int R, int C) {
        Matmul.addBiasBackward(dbias, dout, R, C);
    }

    /** out (B,C,OH,OW) = the means of K×K windows of x (B,C,H,W). See {@link Conv#avgPool}. */
    default void avgPool(float[] out, float[] x, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        Conv.avgPool(out, x, B, C, H, W, K, stride, OH, OW);
    }

    /** dx += dout spread over the windows. See {@link Conv#avgPoolBackward}. */
    default void avgPoolBackward(float[] dx, float[] dout, int B, int C, int H, int W, int K, int stride, int OH, int OW) {
        Conv.avgPoolBackward(dx, dout, B, C, H, W, K, stride, OH, OW);
    }

    /** da += dout: the backward of a view. See {@link Elementwise#accumulate}. */
    default void accumulate(float[] da, float[] dout, int n) {
        Elementwise.accumulate(da, dout, n);
    }

    /** One SGD update of p (n). See {@link Optim#sgd}; buf may be null when momentum is 0. */
    default void sgd(float[] p, float[] buf, float[] g, float lr, float momentum, float weightDecay, boolean firstStep, int n) {
        Optim.sgd(p, buf, g, lr, momentum, weightDecay, firstStep, n);
    }

    /** One Adam update of p (n) and its moments m, v. See {@link Optim#adam}. */
    default void adam(float[] p, float[] m, float[] v, float[] g, float lr, float b1, float b2, float eps,
                      float weightDecay, float bc1, float bc2, int n) {
        Optim.adam(p, m, v, g, lr, b1, b2, eps, weightDecay, bc1, bc2, n);
    }

    /**
     * The device this backend computes on when it has memory of its own (a GPU), which can keep a
     * model's parameters and optimizer state between batches; null (the default) when the backend
     * computes in place on the host arrays it is given, as the CPU does.
     */
    default Device device() {
        return null;
    }

    /** The reference backend: the kernels exactly as written, one thread. */
    static Backend reference() {
        return () -> "reference";
    }
}
