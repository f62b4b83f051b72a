package org.sevensteps.engine.kernels;

/**
 * Matrix products, the reference versions (faster ones: {@code backend.cpu.CpuMatmul}). All three
 * accumulate into {@code out}, so the same kernel serves forward (into zeros) and backward (into grads).
 * The letter pair says whether each operand is read as stored (N) or transposed (T).
 */
public final class Matmul {
    private Matmul() {}

    /** out (M,N) += a (M,K) · b (K,N). */
    public static void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < K; k++) {
                float aik = a[i * K + k];
                for (int j = 0; j < N; j++) out[i * N + j] += aik * b[k * N + j];
            }
        }
    }

    /** out (M,N) += a (M,K) · b (N,K)ᵀ; the layout of {@code x · Wᵀ} in a linear layer. */
    public static void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float acc = 0f;
                for (int k = 0; k < K; k++) acc += a[i * K + k] * b[j * K + k];
                out[i * N + j] += acc;
            }
        }
    }

    /** out (M,N) += a (K,M)ᵀ · b (K,N); the layout of {@code dW = doutᵀ · x}. */
    public static void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (int k = 0; k < K; k++) {
            for (int i = 0; i < M; i++) {
                float aki = a[k * M + i];
                for (int j = 0; j < N; j++) out[i * N + j] += aki * b[k * N + j];
            }
        }
    }

    /** out (R,C) += bias (C), to every row. */
    public static void addBias(float[] out, float[] bias, int R, int C) {
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < C; c++) out[r * C + c] += bias[c];
        }
    }

    /** dbias (C) += sum over rows of dout (R,C). Backward of {@link #addBias}. */
    public static void addBiasBackward(float[] dbias, float[] dout, int R, int C) {
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < C; c++) dbias[c] += dout[r * C + c];
        }
    }

    /** out (C,R) = inp (R,C)ᵀ. */
    public static void transpose(float[] out, float[] inp, int R, int C) {
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < C; c++) out[c * R + r] = inp[r * C + c];
        }
    }
}
