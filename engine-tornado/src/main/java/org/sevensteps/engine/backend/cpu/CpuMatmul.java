package org.sevensteps.engine.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matmul kernels of {@code kernels.Matmul}, register-blocked on the Vector API, over a rectangle
 * [i0,i1) × [j0,j1) of the output so that threads can share the work. The reference versions are the
 * readable ones; these are checked against them in the tests.
 *
 * <p>Every output element is computed the same way whichever block or tail it falls in (one fused
 * multiply-add chain from zero, then added to out), so the result does not depend on how the output
 * is split among threads: the same seed gives bit-identical training at any thread count.
 *
 * <p>Performance notes: the 4×2-vector blocks keep 8 accumulators in registers and load 2 vectors plus
 * 4 scalars per 8 FMAs. Nothing is allocated (vectors are scalar-replaced by C2).
 */
final class CpuMatmul {
    private CpuMatmul() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * out (M,N) += A (M,K) · b (K,N) on rows [i0,i1), columns [j0,j1), where A(i,k) = a[i*sai + k*sak]:
     * sai = K, sak = 1 reads a as stored (NN); sai = 1, sak = M reads a (K,M) transposed (TN).
     */
    static void nn(float[] out, float[] a, int sai, int sak, float[] b, int K, int N, int i0, int i1, int j0, int j1) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = j0;
            for (; j + 2 * L <= j1; j += 2 * L) {
                FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                int ai = i * sai;
                for (int k = 0, bk = j; k < K; k++, bk += N, ai += sak) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bk), b1 = FloatVector.fromArray(S, b, bk + L);
                    FloatVector a0 = FloatVector.broadcast(S, a[ai]);
                    FloatVector a1 = FloatVector.broadcast(S, a[ai + sai]);
                    FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * sai]);
                    FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * sai]);
                    c00 = b0.fma(a0, c00); c01 = b1.fma(a0, c01);
                    c10 = b0.fma(a1, c10); c11 = b1.fma(a1, c11);
                    c20 = b0.fma(a2, c20); c21 = b1.fma(a2, c21);
                    c30 = b0.fma(a3, c30); c31 = b1.fma(a3, c31);
                }
                addInto(out, i * N + j, c00); addInto(out, i * N + j + L, c01);
                addInto(out, (i + 1) * N + j, c10); addInto(out, (i + 1) * N + j + L, c11);
                addInto(out, (i + 2) * N + j, c20); addInto(out, (i + 2) * N + j + L, c21);
                addInto(out, (i + 3) * N + j, c30); addInto(out, (i + 3) * N + j + L, c31);
            }
            for (int r = i; r < i + 4; r++) nnRowTail(out, a, sai, sak, b, K, N, r, j, j1);
        }
        for (; i < i1; i++) nnRowTail(out, a, sai, sak, b, K, N, i, j0, j1);
    }

    /** One output row, columns [j0,j1): single vectors, then scalars. */
    private static void nnRowTail(float[] out, float[] a, int sai, int sak, float[] b, int K, int N, int i, int j0, int j1) {
        int j = j0;
        // four vectors at a time: four independent chains of multiply-adds instead of one waiting on itself
        for (; j + 4 * L <= j1; j += 4 * L) {
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
            for (int k = 0, ai = i * sai, bk = j; k < K; k++, bk += N, ai += sak) {
                FloatVector x = FloatVector.broadcast(S, a[ai]);
                c0 = FloatVector.fromArray(S, b, bk).fma(x, c0);
                c1 = FloatVector.fromArray(S, b, bk + L).fma(x, c1);
                c2 = FloatVector.fromArray(S, b, bk + 2 * L).fma(x, c2);
                c3 = FloatVector.fromArray(S, b, bk + 3 * L).fma(x, c3);
            }
            addInto(out, i * N + j, c0); addInto(out, i * N + j + L, c1);
            addInto(out, i * N + j + 2 * L, c2); addInto(out, i * N + j + 3 * L, c3);
        }
        for (; j + L <= j1; j += L) {
            FloatVector c = FloatVector.zero(S);
            for (int k = 0, ai = i * sai, bk = j; k < K; k++, bk += N, ai += sak)
                c = FloatVector.fromArray(S, b, bk).fma(FloatVector.broadcast(S, a[ai]), c);
            addInto(out, i * N + j, c);
        }
        for (; j < j1; j++) {
            float c = 0f;
            for (int k = 0, ai = i * sai; k < K; k++, ai += sak) c = Math.fma(b[k * N + j], a[ai], c);
            out[i * N + j] += c;
        }
    }

    private static void addInto(float[] out, int off, FloatVector c) {
        FloatVector.fromArray(S, out, off).add(c).intoArray(out, off);
    }

    /** out (M,N) += a (M,K) · b (N,K)ᵀ on rows [i0,i1), columns [j0,j1): dot products along K. */
    static void nt(float[] out, float[] a, float[] b, int K, int N, int i0, int i1, int j0, int j1) {
        int kv = K - K % L;
        float[] lanes = new float[L];
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = j0;
            for (; j + 2 <= j1; j += 2) {
                FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
                int a0 = i * K, b0 = j * K;
                for (int k = 0; k < kv; k += L) {
                    FloatVector x0 = FloatVector.fromArray(S, b, b0 + k), x1 = FloatVector.fromArray(S, b, b0 + K + k);
                    FloatVector y0 = FloatVector.fromArray(S, a, a0 + k);
                    FloatVector y1 = FloatVector.fromArray(S, a, a0 + K + k);
                    FloatVector y2 = FloatVector.fromArray(S, a, a0 + 2 * K + k);
                    FloatVector y3 = FloatVector.fromArray(S, a, a0 + 3 * K + k);
                    c00 = y0.fma(x0, c00); c01 = y0.fma(x1, c01);
                    c10 = y1.fma(x0, c10); c11 = y1.fma(x1, c11);
                    c20 = y2.fma(x0, c20); c21 = y2.fma(x1, c21);
                    c30 = y3.fma(x0, c30); c31 = y3.fma(x1, c31);
                }
                finishDot(out, a, b, K, N, kv, i, j, c00, lanes); finishDot(out, a, b, K, N, kv, i, j + 1, c01, lanes);
                finishDot(out, a, b, K, N, kv, i + 1, j, c10, lanes); finishDot(out, a, b, K, N, kv, i + 1, j + 1, c11, lanes);
                finishDot(out, a, b, K, N, kv, i + 2, j, c20, lanes); finishDot(out, a, b, K, N, kv, i + 2, j + 1, c21, lanes);
                finishDot(out, a, b, K, N, kv, i + 3, j, c30, lanes); finishDot(out, a, b, K, N, kv, i + 3, j + 1, c31, lanes);
            }
            for (int r = i; r < i + 4; r++) for (int jj = j; jj < j1; jj++) dot(out, a, b, K, N, kv, r, jj, lanes);
        }
        for (; i < i1; i++) for (int j = j0; j < j1; j++) dot(out, a, b, K, N, kv, i, j, lanes);
    }

    private static void dot(float[] out, float[] a, float[] b, int K, int N, int kv, int i, int j, float[] lanes) {
        FloatVector c = FloatVector.zero(S);
        for (int k = 0; k < kv; k += L) c = FloatVector.fromArray(S, a, i * K + k).fma(FloatVector.fromArray(S, b, j * K + k), c);
        finishDot(out, a, b, K, N, kv, i, j, c, lanes);
    }

    /**
     * Adds the lanes, then the last K % L products, into out[i,j]. The lanes are added one by one, in
     * order: reduceLanes may add in another order once the JIT compiles it, which would make results
     * change with warm-up.
     */
    private static void finishDot(float[] out, float[] a, float[] b, int K, int N, int kv, int i, int j, FloatVector c, float[] lanes) {
        c.intoArray(lanes, 0); // one store, then plain loads: c.lane(l) costs a shuffle each
        float s = 0f;
        for (int l = 0; l < L; l++) s += lanes[l];
        for (int k = kv; k < K; k++) s = Math.fma(a[i * K + k], b[j * K + k], s);
        out[i * N + j] += s;
    }
}
