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
            for (; j + 2 * L <= j1; j += 2 * L) nn4x2(out, a, sai, sak, b, K, N, i, j);
            for (int r = i; r < i + 4; r++) nnRowTail(out, a, sai, sak, b, K, N, r, j, j1);
        }
        for (; i < i1; i++) nnRowTail(out, a, sai, sak, b, K, N, i, j0, j1);
    }

    // The blocks are small methods of their own, and no call passes a vector: in one big method, or
    // through helpers past C2's inlining budget, vectors were boxed (allocated) instead of kept in registers.

    // 8 accumulators: 2 vector loads and 4 broadcasts feed 8 multiply-adds
    private static void nn4x2(float[] out, float[] a, int sai, int sak, float[] b, int K, int N, int i, int j) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int k = 0, bk = j, ai = i * sai; k < K; k++, bk += N, ai += sak) {
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
        int o0 = i * N + j, o1 = o0 + N, o2 = o1 + N, o3 = o2 + N;
        FloatVector.fromArray(S, out, o0).add(c00).intoArray(out, o0);
        FloatVector.fromArray(S, out, o0 + L).add(c01).intoArray(out, o0 + L);
        FloatVector.fromArray(S, out, o1).add(c10).intoArray(out, o1);
        FloatVector.fromArray(S, out, o1 + L).add(c11).intoArray(out, o1 + L);
        FloatVector.fromArray(S, out, o2).add(c20).intoArray(out, o2);
        FloatVector.fromArray(S, out, o2 + L).add(c21).intoArray(out, o2 + L);
        FloatVector.fromArray(S, out, o3).add(c30).intoArray(out, o3);
        FloatVector.fromArray(S, out, o3 + L).add(c31).intoArray(out, o3 + L);
    }

    /** One output row, columns [j0,j1): four vectors at a time, then single vectors, then scalars. */
    private static void nnRowTail(float[] out, float[] a, int sai, int sak, float[] b, int K, int N, int i, int j0, int j1) {
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) nn1x4(out, a, sai, sak, b, K, N, i, j);
        for (; j + L <= j1; j += L) nn1x1(out, a, sai, sak, b, K, N, i, j);
        for (; j < j1; j++) {
            float c = 0f;
            for (int k = 0, ai = i * sai; k < K; k++, ai += sak) c = Math.fma(b[k * N + j], a[ai], c);
            out[i * N + j] += c;
        }
    }

    // four independent chains of multiply-adds instead of one waiting on itself
    private static void nn1x4(float[] out, float[] a, int sai, int sak, float[] b, int K, int N, int i, int j) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int k = 0, ai = i * sai, bk = j; k < K; k++, bk += N, ai += sak) {
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0 = FloatVector.fromArray(S, b, bk).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, bk + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, b, bk + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(S, b, bk + 3 * L).fma(x, c3);
        }
        int o = i * N + j;
        FloatVector.fromArray(S, out, o).add(c0).intoArray(out, o);
        FloatVector.fromArray(S, out, o + L).add(c1).intoArray(out, o + L);
        FloatVector.fromArray(S, out, o + 2 * L).add(c2).intoArray(out, o + 2 * L);
        FloatVector.fromArray(S, out, o + 3 * L).add(c3).intoArray(out, o + 3 * L);
    }

    private static void nn1x1(float[] out, float[] a, int sai, int sak, float[] b, int K, int N, int i, int j) {
        FloatVector c = FloatVector.zero(S);
        for (int k = 0, ai = i * sai, bk = j; k < K; k++, bk += N, ai += sak)
            c = FloatVector.fromArray(S, b, bk).fma(FloatVector.broadcast(S, a[ai]), c);
        FloatVector.fromArray(S, out, i * N + j).add(c).intoArray(out, i * N + j);
    }

    /** out (M,N) += a (M,K) · b (N,K)ᵀ on rows [i0,i1), columns [j0,j1): dot products along K. */
    static void nt(float[] out, float[] a, float[] b, int K, int N, int i0, int i1, int j0, int j1) {
        int kv = K - K % L;
        float[] lanes = new float[8 * L];
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = j0;
            for (; j + 2 <= j1; j += 2) nt4x2(out, a, b, K, N, kv, i, j, lanes);
            for (int r = i; r < i + 4; r++) for (int jj = j; jj < j1; jj++) dot(out, a, b, K, N, kv, r, jj, lanes);
        }
        for (; i < i1; i++) for (int j = j0; j < j1; j++) dot(out, a, b, K, N, kv, i, j, lanes);
    }

    private static void nt4x2(float[] out, float[] a, float[] b, int K, int N, int kv, int i, int j, float[] lanes) {
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
        // the sums' lanes, one store each (c.lane(l) costs a shuffle each), then added in scalars
        c00.intoArray(lanes, 0); c01.intoArray(lanes, L); c10.intoArray(lanes, 2 * L); c11.intoArray(lanes, 3 * L);
        c20.intoArray(lanes, 4 * L); c21.intoArray(lanes, 5 * L); c30.intoArray(lanes, 6 * L); c31.intoArray(lanes, 7 * L);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 2; c++) finishDot(out, a, b, K, N, kv, i + r, j + c, lanes, (2 * r + c) * L);
    }

    private static void dot(float[] out, float[] a, float[] b, int K, int N, int kv, int i, int j, float[] lanes) {
        FloatVector c = FloatVector.zero(S);
        for (int k = 0; k < kv; k += L) c = FloatVector.fromArray(S, a, i * K + k).fma(FloatVector.fromArray(S, b, j * K + k), c);
        c.intoArray(lanes, 0);
        finishDot(out, a, b, K, N, kv, i, j, lanes, 0);
    }

    /**
     * Adds the lanes of a sum (lanes[at .. at + L)), then the last K % L products, into out[i,j]. The
     * lanes are added one by one, in order: reduceLanes may add in another order once the JIT
     * compiles it, which would make results change with warm-up.
     */
    private static void finishDot(float[] out, float[] a, float[] b, int K, int N, int kv, int i, int j, float[] lanes, int at) {
        float s = 0f;
        for (int l = 0; l < L; l++) s += lanes[at + l];
        for (int k = kv; k < K; k++) s = Math.fma(a[i * K + k], b[j * K + k], s);
        out[i * N + j] += s;
    }
}
