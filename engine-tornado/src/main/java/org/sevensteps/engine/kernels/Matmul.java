package org.sevensteps.engine.kernels;

/**
 * Matrix products, the reference versions (faster ones: {@code backend.cpu.CpuMatmul}). All three
 * accumulate into {@code out}, so the same kernel serves forward (into zeros) and backward (into grads).
 * The letter pair says whether each operand is read as stored (N) or transposed (T). Each is a loop
 * over the output elements of its {@code ...At} method; the TornadoVM backend runs that same method
 * as one GPU thread per element.
 */
public final class Matmul {
    private Matmul() {}

    /** out (M,N) += a (M,K) · b (K,N). */
    public static void matmulNN(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) matmulNNAt(out, a, b, K, N, i, j);
        }
    }

    /** One element of {@link #matmulNN}: out[i,j] += a[i,:] · b[:,j]. A GPU runs one per thread. */
    public static void matmulNNAt(float[] out, float[] a, float[] b, int K, int N, int i, int j) {
        float acc = 0f;
        for (int k = 0; k < K; k++) acc += a[i * K + k] * b[k * N + j];
        out[i * N + j] += acc;
    }

    /** out (M,N) += a (M,K) · b (N,K)ᵀ; the layout of {@code x · Wᵀ} in a linear layer. */
    public static void matmulNT(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) matmulNTAt(out, a, b, K, N, i, j);
        }
    }

    /** One element of {@link #matmulNT}: out[i,j] += a[i,:] · b[j,:]. */
    public static void matmulNTAt(float[] out, float[] a, float[] b, int K, int N, int i, int j) {
        float acc = 0f;
        for (int k = 0; k < K; k++) acc += a[i * K + k] * b[j * K + k];
        out[i * N + j] += acc;
    }

    /** out (M,N) += a (K,M)ᵀ · b (K,N); the layout of {@code dW = doutᵀ · x}. */
    public static void matmulTN(float[] out, float[] a, float[] b, int M, int K, int N) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) matmulTNAt(out, a, b, M, K, N, i, j);
        }
    }

    /** One element of {@link #matmulTN}: out[i,j] += a[:,i] · b[:,j]. */
    public static void matmulTNAt(float[] out, float[] a, float[] b, int M, int K, int N, int i, int j) {
        float acc = 0f;
        for (int k = 0; k < K; k++) acc += a[k * M + i] * b[k * N + j];
        out[i * N + j] += acc;
    }

    /** out (R,C) += bias (C), to every row. */
    public static void addBias(float[] out, float[] bias, int R, int C) {
        for (int e = 0; e < R * C; e++) addBiasAt(out, bias, C, e);
    }

    /** One element e = (r,c) of {@link #addBias}. */
    public static void addBiasAt(float[] out, float[] bias, int C, int e) {
        out[e] += bias[e % C];
    }

    /** dbias (C) += sum over rows of dout (R,C). Backward of {@link #addBias}. */
    public static void addBiasBackward(float[] dbias, float[] dout, int R, int C) {
        for (int c = 0; c < C; c++) addBiasBackwardAt(dbias, dout, R, C, c);
    }

    /** One column c of {@link #addBiasBackward}, rows added in order. */
    public static void addBiasBackwardAt(float[] dbias, float[] dout, int R, int C, int c) {
        for (int r = 0; r < R; r++) dbias[c] += dout[r * C + c];
    }

    /** out (C,R) = inp (R,C)ᵀ. */
    public static void transpose(float[] out, float[] inp, int R, int C) {
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < C; c++) out[c * R + r] = inp[r * C + c];
        }
    }
}
