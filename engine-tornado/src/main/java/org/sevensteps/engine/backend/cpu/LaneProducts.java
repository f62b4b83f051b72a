package org.sevensteps.engine.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix products of the CPU convolution ({@link CpuConv}), whose operands hold one image per
 * vector lane: an "element" (i, j) of such a matrix is a whole vector, found through two offset
 * tables, row offset plus column offset. Both products are register-blocked 4×4 (16 vector
 * accumulators, of the 32 registers AVX-512 has), with smaller blocks for the edges.
 *
 * <p>Every output element is computed the same way in whichever block it falls (one multiply-add
 * chain from zero, then added to out), so results do not depend on the blocking.
 */
final class LaneProducts {
    private LaneProducts() {}

    private static final VectorSpecies<Float> S = CpuMatmul.S;
    private static final int L = CpuMatmul.L;

    /**
     * out[orow[i] + ocol[j] ..+L) += Σ_k A(i,k) · b[bBase + brow[k] + bcol[j] ..+L) for i < M, j < N, where
     * A(i,k) = a[i·sai + k·sak]: a matrix of scalars times a matrix of vectors.
     */
    static void nn(float[] out, int[] orow, int[] ocol, float[] a, int sai, int sak, float[] b, int bBase, int[] brow, int[] bcol, int M, int K, int N) {
        // one small method per block shape: C2 gives up on the Vector API intrinsics in one big method
        int i = 0;
        for (; i + 4 <= M; i += 4) {
            int j = 0;
            for (; j + 4 <= N; j += 4) nn4x4(out, orow, ocol, a, sai, sak, b, bBase, brow, bcol, K, i, j);
            for (; j < N; j++) nn4x1(out, orow, ocol, a, sai, sak, b, bBase, brow, bcol, K, i, j);
        }
        for (; i < M; i++) {
            int j = 0;
            for (; j + 4 <= N; j += 4) nn1x4(out, orow, ocol, a, sai, sak, b, bBase, brow, bcol, K, i, j);
            for (; j < N; j++) nn1x1(out, orow, ocol, a, sai, sak, b, bBase, brow, bcol, K, i, j);
        }
    }

    // 4 vector loads and 4 broadcasts feed 16 multiply-adds
    private static void nn4x4(float[] out, int[] orow, int[] ocol, float[] a, int sai, int sak, float[] b, int bBase, int[] brow, int[] bcol,
                              int K, int i, int j) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int j0 = bcol[j], j1 = bcol[j + 1], j2 = bcol[j + 2], j3 = bcol[j + 3];
        for (int k = 0, ai = i * sai; k < K; k++, ai += sak) {
            int r = bBase + brow[k];
            FloatVector b0 = FloatVector.fromArray(S, b, r + j0), b1 = FloatVector.fromArray(S, b, r + j1);
            FloatVector b2 = FloatVector.fromArray(S, b, r + j2), b3 = FloatVector.fromArray(S, b, r + j3);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(a0, c00); c01 = b1.fma(a0, c01); c02 = b2.fma(a0, c02); c03 = b3.fma(a0, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + sai]);
            c10 = b0.fma(a1, c10); c11 = b1.fma(a1, c11); c12 = b2.fma(a1, c12); c13 = b3.fma(a1, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * sai]);
            c20 = b0.fma(a2, c20); c21 = b1.fma(a2, c21); c22 = b2.fma(a2, c22); c23 = b3.fma(a2, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * sai]);
            c30 = b0.fma(a3, c30); c31 = b1.fma(a3, c31); c32 = b2.fma(a3, c32); c33 = b3.fma(a3, c33);
        }
        // out += the sums, written out: through a helper method, C2's inlining budget ran out after a
        // few calls, and the vectors passed to the others were boxed (0.8 GB/s of garbage in training)
        int o0 = ocol[j], o1 = ocol[j + 1], o2 = ocol[j + 2], o3 = ocol[j + 3];
        int r0 = orow[i], r1 = orow[i + 1], r2 = orow[i + 2], r3 = orow[i + 3];
        FloatVector.fromArray(S, out, r0 + o0).add(c00).intoArray(out, r0 + o0);
        FloatVector.fromArray(S, out, r0 + o1).add(c01).intoArray(out, r0 + o1);
        FloatVector.fromArray(S, out, r0 + o2).add(c02).intoArray(out, r0 + o2);
        FloatVector.fromArray(S, out, r0 + o3).add(c03).intoArray(out, r0 + o3);
        FloatVector.fromArray(S, out, r1 + o0).add(c10).intoArray(out, r1 + o0);
        FloatVector.fromArray(S, out, r1 + o1).add(c11).intoArray(out, r1 + o1);
        FloatVector.fromArray(S, out, r1 + o2).add(c12).intoArray(out, r1 + o2);
        FloatVector.fromArray(S, out, r1 + o3).add(c13).intoArray(out, r1 + o3);
        FloatVector.fromArray(S, out, r2 + o0).add(c20).intoArray(out, r2 + o0);
        FloatVector.fromArray(S, out, r2 + o1).add(c21).intoArray(out, r2 + o1);
        FloatVector.fromArray(S, out, r2 + o2).add(c22).intoArray(out, r2 + o2);
        FloatVector.fromArray(S, out, r2 + o3).add(c23).intoArray(out, r2 + o3);
        FloatVector.fromArray(S, out, r3 + o0).add(c30).intoArray(out, r3 + o0);
        FloatVector.fromArray(S, out, r3 + o1).add(c31).intoArray(out, r3 + o1);
        FloatVector.fromArray(S, out, r3 + o2).add(c32).intoArray(out, r3 + o2);
        FloatVector.fromArray(S, out, r3 + o3).add(c33).intoArray(out, r3 + o3);
    }

    private static void nn4x1(float[] out, int[] orow, int[] ocol, float[] a, int sai, int sak, float[] b, int bBase, int[] brow, int[] bcol,
                              int K, int i, int j) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int j0 = bcol[j];
        for (int k = 0, ai = i * sai; k < K; k++, ai += sak) {
            FloatVector b0 = FloatVector.fromArray(S, b, bBase + brow[k] + j0);
            c0 = b0.fma(FloatVector.broadcast(S, a[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[ai + sai]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[ai + 2 * sai]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[ai + 3 * sai]), c3);
        }
        int o = ocol[j];
        FloatVector.fromArray(S, out, orow[i] + o).add(c0).intoArray(out, orow[i] + o);
        FloatVector.fromArray(S, out, orow[i + 1] + o).add(c1).intoArray(out, orow[i + 1] + o);
        FloatVector.fromArray(S, out, orow[i + 2] + o).add(c2).intoArray(out, orow[i + 2] + o);
        FloatVector.fromArray(S, out, orow[i + 3] + o).add(c3).intoArray(out, orow[i + 3] + o);
    }

    private static void nn1x4(float[] out, int[] orow, int[] ocol, float[] a, int sai, int sak, float[] b, int bBase, int[] brow, int[] bcol,
                              int K, int i, int j) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int j0 = bcol[j], j1 = bcol[j + 1], j2 = bcol[j + 2], j3 = bcol[j + 3];
        for (int k = 0, ai = i * sai; k < K; k++, ai += sak) {
            int r = bBase + brow[k];
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c0 = FloatVector.fromArray(S, b, r + j0).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, r + j1).fma(x, c1);
            c2 = FloatVector.fromArray(S, b, r + j2).fma(x, c2);
            c3 = FloatVector.fromArray(S, b, r + j3).fma(x, c3);
        }
        int r = orow[i];
        FloatVector.fromArray(S, out, r + ocol[j]).add(c0).intoArray(out, r + ocol[j]);
        FloatVector.fromArray(S, out, r + ocol[j + 1]).add(c1).intoArray(out, r + ocol[j + 1]);
        FloatVector.fromArray(S, out, r + ocol[j + 2]).add(c2).intoArray(out, r + ocol[j + 2]);
        FloatVector.fromArray(S, out, r + ocol[j + 3]).add(c3).intoArray(out, r + ocol[j + 3]);
    }

    private static void nn1x1(float[] out, int[] orow, int[] ocol, float[] a, int sai, int sak, float[] b, int bBase, int[] brow, int[] bcol,
                              int K, int i, int j) {
        FloatVector c = FloatVector.zero(S);
        int j0 = bcol[j];
        for (int k = 0, ai = i * sai; k < K; k++, ai += sak) c = FloatVector.fromArray(S, b, bBase + brow[k] + j0).fma(FloatVector.broadcast(S, a[ai]), c);
        FloatVector.fromArray(S, out, orow[i] + ocol[j]).add(c).intoArray(out, orow[i] + ocol[j]);
    }

    /**
     * out[i·K + k] += Σ_g Σ_j Σ_lanes d[g·dStride + drow[i] + dcol[j] ..+L) · b[g·bStride + brow[k] + bcol[j] ..+L)
     * for i < M, k0 <= k < k1: dot products of two matrices of vectors along j, the lanes and g < groups.
     * Each element is summed in registers over j and g, then its lanes are added in order.
     */
    static void nt(float[] out, float[] d, int dStride, int[] drow, int[] dcol, float[] b, int bStride, int[] brow, int[] bcol,
                   int groups, int M, int k0, int k1, int K, int N, float[] lanes) {
        int i = 0;
        for (; i + 4 <= M; i += 4) {
            int k = k0;
            for (; k + 4 <= k1; k += 4) nt4x4(out, d, dStride, drow, dcol, b, bStride, brow, bcol, groups, K, N, lanes, i, k);
            for (; k < k1; k++) nt4x1(out, d, dStride, drow, dcol, b, bStride, brow, bcol, groups, K, N, lanes, i, k);
        }
        for (; i < M; i++) for (int k = k0; k < k1; k++) nt1x1(out, d, dStride, drow, dcol, b, bStride, brow, bcol, groups, K, N, lanes, i, k);
    }

    // 8 vector loads feed 16 multiply-adds
    private static void nt4x4(float[] out, float[] d, int dStride, int[] drow, int[] dcol, float[] b, int bStride, int[] brow, int[] bcol,
                              int groups, int K, int N, float[] lanes, int i, int k) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int g = 0; g < groups; g++) {
            int d0 = g * dStride + drow[i], d1 = g * dStride + drow[i + 1], d2 = g * dStride + drow[i + 2], d3 = g * dStride + drow[i + 3];
            int x0 = g * bStride + brow[k], x1 = g * bStride + brow[k + 1], x2 = g * bStride + brow[k + 2], x3 = g * bStride + brow[k + 3];
            for (int j = 0; j < N; j++) {
                int dj = dcol[j], bj = bcol[j];
                FloatVector b0 = FloatVector.fromArray(S, b, x0 + bj), b1 = FloatVector.fromArray(S, b, x1 + bj);
                FloatVector b2 = FloatVector.fromArray(S, b, x2 + bj), b3 = FloatVector.fromArray(S, b, x3 + bj);
                FloatVector y0 = FloatVector.fromArray(S, d, d0 + dj);
                c00 = y0.fma(b0, c00); c01 = y0.fma(b1, c01); c02 = y0.fma(b2, c02); c03 = y0.fma(b3, c03);
                FloatVector y1 = FloatVector.fromArray(S, d, d1 + dj);
                c10 = y1.fma(b0, c10); c11 = y1.fma(b1, c11); c12 = y1.fma(b2, c12); c13 = y1.fma(b3, c13);
                FloatVector y2 = FloatVector.fromArray(S, d, d2 + dj);
                c20 = y2.fma(b0, c20); c21 = y2.fma(b1, c21); c22 = y2.fma(b2, c22); c23 = y2.fma(b3, c23);
                FloatVector y3 = FloatVector.fromArray(S, d, d3 + dj);
                c30 = y3.fma(b0, c30); c31 = y3.fma(b1, c31); c32 = y3.fma(b2, c32); c33 = y3.fma(b3, c33);
            }
        }
        // the sums' lanes stored (no call takes a vector: past C2's inlining budget, that boxes it), then added in order
        c00.intoArray(lanes, 0); c01.intoArray(lanes, L); c02.intoArray(lanes, 2 * L); c03.intoArray(lanes, 3 * L);
        c10.intoArray(lanes, 4 * L); c11.intoArray(lanes, 5 * L); c12.intoArray(lanes, 6 * L); c13.intoArray(lanes, 7 * L);
        c20.intoArray(lanes, 8 * L); c21.intoArray(lanes, 9 * L); c22.intoArray(lanes, 10 * L); c23.intoArray(lanes, 11 * L);
        c30.intoArray(lanes, 12 * L); c31.intoArray(lanes, 13 * L); c32.intoArray(lanes, 14 * L); c33.intoArray(lanes, 15 * L);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++) out[(i + r) * K + k + c] += sum(lanes, (4 * r + c) * L);
    }

    private static void nt4x1(float[] out, float[] d, int dStride, int[] drow, int[] dcol, float[] b, int bStride, int[] brow, int[] bcol,
                              int groups, int K, int N, float[] lanes, int i, int k) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int g = 0; g < groups; g++) {
            int x0 = g * bStride + brow[k], d0 = g * dStride + drow[i], d1 = g * dStride + drow[i + 1];
            int d2 = g * dStride + drow[i + 2], d3 = g * dStride + drow[i + 3];
            for (int j = 0; j < N; j++) {
                int dj = dcol[j];
                FloatVector b0 = FloatVector.fromArray(S, b, x0 + bcol[j]);
                c0 = FloatVector.fromArray(S, d, d0 + dj).fma(b0, c0);
                c1 = FloatVector.fromArray(S, d, d1 + dj).fma(b0, c1);
                c2 = FloatVector.fromArray(S, d, d2 + dj).fma(b0, c2);
                c3 = FloatVector.fromArray(S, d, d3 + dj).fma(b0, c3);
            }
        }
        c0.intoArray(lanes, 0); c1.intoArray(lanes, L); c2.intoArray(lanes, 2 * L); c3.intoArray(lanes, 3 * L);
        for (int r = 0; r < 4; r++) out[(i + r) * K + k] += sum(lanes, r * L);
    }

    private static void nt1x1(float[] out, float[] d, int dStride, int[] drow, int[] dcol, float[] b, int bStride, int[] brow, int[] bcol,
                              int groups, int K, int N, float[] lanes, int i, int k) {
        FloatVector c = FloatVector.zero(S);
        for (int g = 0; g < groups; g++) {
            int d0 = g * dStride + drow[i], x0 = g * bStride + brow[k];
            for (int j = 0; j < N; j++) c = FloatVector.fromArray(S, d, d0 + dcol[j]).fma(FloatVector.fromArray(S, b, x0 + bcol[j]), c);
        }
        c.intoArray(lanes, 0);
        out[i * K + k] += sum(lanes, 0);
    }

    /** The sum of lanes[at .. at + L), in order (reduceLanes may add in another order once compiled). */
    static float sum(float[] lanes, int at) {
        float s = 0f;
        for (int l = 0; l < L; l++) s += lanes[at + l];
        return s;
    }
}
