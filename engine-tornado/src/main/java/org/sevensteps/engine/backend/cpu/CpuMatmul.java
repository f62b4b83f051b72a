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
 * 4 scalars per 8 FMAs; the convolution's 4×4 blocks keep 16 (of the 32 registers AVX-512 has) and load
 * 8 values per 16 FMAs. Nothing is allocated (vectors are scalar-replaced by C2).
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

    /**
     * out[ooff[i] + j] += Σ_k A(i,k) · b[bBase + boff[k] + j] for i < M, j < N, where
     * A(i,k) = a[i*sai + k*sak]. The rows of b and of out are found through offset tables, so that
     * they can be rows of images (see CpuConv).
     * N must be a multiple of L. 4×4-vector blocks, then 4×2, 4×1, then single rows.
     */
    static void nnOffsets(float[] out, int[] ooff, float[] a, int sai, int sak, float[] b, int bBase, int[] boff,
                          int M, int K, int N) {
        // one small method per block shape: C2 gives up on the Vector API intrinsics in one big method
        int i = 0;
        for (; i + 4 <= M; i += 4) {
            int j = 0;
            for (; j + 4 * L <= N; j += 4 * L) offsets4x4(out, ooff, a, sai, sak, b, bBase, boff, K, i, j);
            for (; j + 2 * L <= N; j += 2 * L) offsets4x2(out, ooff, a, sai, sak, b, bBase, boff, K, i, j);
            for (; j < N; j += L) offsets4x1(out, ooff, a, sai, sak, b, bBase, boff, K, i, j);
        }
        for (; i < M; i++) for (int j = 0; j < N; j += L) offsets1x1(out, ooff, a, sai, sak, b, bBase, boff, K, i, j);
    }

    // 16 accumulators: 4 vector loads and 4 broadcasts feed 16 multiply-adds (4×2: 6 loads for 8)
    private static void offsets4x4(float[] out, int[] ooff, float[] a, int sai, int sak, float[] b, int bBase, int[] boff,
                                   int K, int i, int j) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int k = 0, ai = i * sai; k < K; k++, ai += sak) {
            int bk = bBase + boff[k] + j;
            FloatVector b0 = FloatVector.fromArray(S, b, bk), b1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bk + 2 * L), b3 = FloatVector.fromArray(S, b, bk + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(a0, c00); c01 = b1.fma(a0, c01); c02 = b2.fma(a0, c02); c03 = b3.fma(a0, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + sai]);
            c10 = b0.fma(a1, c10); c11 = b1.fma(a1, c11); c12 = b2.fma(a1, c12); c13 = b3.fma(a1, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2 * sai]);
            c20 = b0.fma(a2, c20); c21 = b1.fma(a2, c21); c22 = b2.fma(a2, c22); c23 = b3.fma(a2, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3 * sai]);
            c30 = b0.fma(a3, c30); c31 = b1.fma(a3, c31); c32 = b2.fma(a3, c32); c33 = b3.fma(a3, c33);
        }
        int o0 = ooff[i] + j, o1 = ooff[i + 1] + j, o2 = ooff[i + 2] + j, o3 = ooff[i + 3] + j;
        addInto(out, o0, c00); addInto(out, o0 + L, c01); addInto(out, o0 + 2 * L, c02); addInto(out, o0 + 3 * L, c03);
        addInto(out, o1, c10); addInto(out, o1 + L, c11); addInto(out, o1 + 2 * L, c12); addInto(out, o1 + 3 * L, c13);
        addInto(out, o2, c20); addInto(out, o2 + L, c21); addInto(out, o2 + 2 * L, c22); addInto(out, o2 + 3 * L, c23);
        addInto(out, o3, c30); addInto(out, o3 + L, c31); addInto(out, o3 + 2 * L, c32); addInto(out, o3 + 3 * L, c33);
    }

    private static void offsets4x2(float[] out, int[] ooff, float[] a, int sai, int sak, float[] b, int bBase, int[] boff,
                                   int K, int i, int j) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int k = 0, ai = i * sai; k < K; k++, ai += sak) {
            int bk = bBase + boff[k] + j;
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
        addInto(out, ooff[i] + j, c00); addInto(out, ooff[i] + j + L, c01);
        addInto(out, ooff[i + 1] + j, c10); addInto(out, ooff[i + 1] + j + L, c11);
        addInto(out, ooff[i + 2] + j, c20); addInto(out, ooff[i + 2] + j + L, c21);
        addInto(out, ooff[i + 3] + j, c30); addInto(out, ooff[i + 3] + j + L, c31);
    }

    private static void offsets4x1(float[] out, int[] ooff, float[] a, int sai, int sak, float[] b, int bBase, int[] boff,
                                   int K, int i, int j) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int k = 0, ai = i * sai; k < K; k++, ai += sak) {
            FloatVector b0 = FloatVector.fromArray(S, b, bBase + boff[k] + j);
            c0 = b0.fma(FloatVector.broadcast(S, a[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[ai + sai]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[ai + 2 * sai]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[ai + 3 * sai]), c3);
        }
        addInto(out, ooff[i] + j, c0); addInto(out, ooff[i + 1] + j, c1);
        addInto(out, ooff[i + 2] + j, c2); addInto(out, ooff[i + 3] + j, c3);
    }

    private static void offsets1x1(float[] out, int[] ooff, float[] a, int sai, int sak, float[] b, int bBase, int[] boff,
                                   int K, int i, int j) {
        FloatVector c = FloatVector.zero(S);
        for (int k = 0, ai = i * sai; k < K; k++, ai += sak)
            c = FloatVector.fromArray(S, b, bBase + boff[k] + j).fma(FloatVector.broadcast(S, a[ai]), c);
        addInto(out, ooff[i] + j, c);
    }

    /**
     * out (M,K) += Σ_{t<n} Σ_{j<N} dy[dyAt + (t*M + i)*dyStep + j] · b[bBase + t*bStride + boff[k] + j]: dot
     * products along j, over n images; rows of b through an offset table as in {@link #nnOffsets}. N must
     * be a multiple of L. M must be a multiple of 4.
     */
    static void ntOffsets(float[] out, float[] dy, int dyAt, int dyStep, int n, float[] b, int bBase, int bStride, int[] boff,
                          int M, int K, int N, float[] lanes) {
        for (int i = 0; i + 4 <= M; i += 4) {
            int k = 0;
            for (; k + 4 <= K; k += 4) dots4x4(out, dy, dyAt, dyStep, n, b, bBase, bStride, boff, M, K, N, lanes, i, k);
            for (; k + 2 <= K; k += 2) dots4x2(out, dy, dyAt, dyStep, n, b, bBase, bStride, boff, M, K, N, lanes, i, k);
            for (; k < K; k++) dots4x1(out, dy, dyAt, dyStep, n, b, bBase, bStride, boff, M, K, N, lanes, i, k);
        }
    }

    // 16 accumulators: 8 vector loads feed 16 multiply-adds (4×2: 6 loads for 8)
    private static void dots4x4(float[] out, float[] dy, int dyAt, int dyStep, int n, float[] b, int bBase, int bStride, int[] boff, int M, int K, int N,
                                float[] lanes, int i, int k) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int t = 0; t < n; t++) {
            int y = dyAt + (t * M + i) * dyStep, x = bBase + t * bStride;
            int x0 = x + boff[k], x1 = x + boff[k + 1], x2 = x + boff[k + 2], x3 = x + boff[k + 3];
            for (int j = 0; j < N; j += L) {
                FloatVector b0 = FloatVector.fromArray(S, b, x0 + j), b1 = FloatVector.fromArray(S, b, x1 + j);
                FloatVector b2 = FloatVector.fromArray(S, b, x2 + j), b3 = FloatVector.fromArray(S, b, x3 + j);
                FloatVector y0 = FloatVector.fromArray(S, dy, y + j);
                c00 = y0.fma(b0, c00); c01 = y0.fma(b1, c01); c02 = y0.fma(b2, c02); c03 = y0.fma(b3, c03);
                FloatVector y1 = FloatVector.fromArray(S, dy, y + dyStep + j);
                c10 = y1.fma(b0, c10); c11 = y1.fma(b1, c11); c12 = y1.fma(b2, c12); c13 = y1.fma(b3, c13);
                FloatVector y2 = FloatVector.fromArray(S, dy, y + 2 * dyStep + j);
                c20 = y2.fma(b0, c20); c21 = y2.fma(b1, c21); c22 = y2.fma(b2, c22); c23 = y2.fma(b3, c23);
                FloatVector y3 = FloatVector.fromArray(S, dy, y + 3 * dyStep + j);
                c30 = y3.fma(b0, c30); c31 = y3.fma(b1, c31); c32 = y3.fma(b2, c32); c33 = y3.fma(b3, c33);
            }
        }
        int o = i * K + k;
        out[o] += sum(c00, lanes); out[o + 1] += sum(c01, lanes); out[o + 2] += sum(c02, lanes); out[o + 3] += sum(c03, lanes);
        o += K;
        out[o] += sum(c10, lanes); out[o + 1] += sum(c11, lanes); out[o + 2] += sum(c12, lanes); out[o + 3] += sum(c13, lanes);
        o += K;
        out[o] += sum(c20, lanes); out[o + 1] += sum(c21, lanes); out[o + 2] += sum(c22, lanes); out[o + 3] += sum(c23, lanes);
        o += K;
        out[o] += sum(c30, lanes); out[o + 1] += sum(c31, lanes); out[o + 2] += sum(c32, lanes); out[o + 3] += sum(c33, lanes);
    }

    private static void dots4x2(float[] out, float[] dy, int dyAt, int dyStep, int n, float[] b, int bBase, int bStride, int[] boff, int M, int K, int N,
                                float[] lanes, int i, int k) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int t = 0; t < n; t++) {
            int y = dyAt + (t * M + i) * dyStep, x0 = bBase + t * bStride + boff[k], x1 = bBase + t * bStride + boff[k + 1];
            for (int j = 0; j < N; j += L) {
                FloatVector b0 = FloatVector.fromArray(S, b, x0 + j), b1 = FloatVector.fromArray(S, b, x1 + j);
                FloatVector y0 = FloatVector.fromArray(S, dy, y + j);
                FloatVector y1 = FloatVector.fromArray(S, dy, y + dyStep + j);
                FloatVector y2 = FloatVector.fromArray(S, dy, y + 2 * dyStep + j);
                FloatVector y3 = FloatVector.fromArray(S, dy, y + 3 * dyStep + j);
                c00 = y0.fma(b0, c00); c01 = y0.fma(b1, c01);
                c10 = y1.fma(b0, c10); c11 = y1.fma(b1, c11);
                c20 = y2.fma(b0, c20); c21 = y2.fma(b1, c21);
                c30 = y3.fma(b0, c30); c31 = y3.fma(b1, c31);
            }
        }
        out[i * K + k] += sum(c00, lanes); out[i * K + k + 1] += sum(c01, lanes);
        out[(i + 1) * K + k] += sum(c10, lanes); out[(i + 1) * K + k + 1] += sum(c11, lanes);
        out[(i + 2) * K + k] += sum(c20, lanes); out[(i + 2) * K + k + 1] += sum(c21, lanes);
        out[(i + 3) * K + k] += sum(c30, lanes); out[(i + 3) * K + k + 1] += sum(c31, lanes);
    }

    private static void dots4x1(float[] out, float[] dy, int dyAt, int dyStep, int n, float[] b, int bBase, int bStride, int[] boff, int M, int K, int N,
                                float[] lanes, int i, int k) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int t = 0; t < n; t++) {
            int y = dyAt + (t * M + i) * dyStep, x0 = bBase + t * bStride + boff[k];
            for (int j = 0; j < N; j += L) {
                FloatVector b0 = FloatVector.fromArray(S, b, x0 + j);
                c0 = FloatVector.fromArray(S, dy, y + j).fma(b0, c0);
                c1 = FloatVector.fromArray(S, dy, y + dyStep + j).fma(b0, c1);
                c2 = FloatVector.fromArray(S, dy, y + 2 * dyStep + j).fma(b0, c2);
                c3 = FloatVector.fromArray(S, dy, y + 3 * dyStep + j).fma(b0, c3);
            }
        }
        out[i * K + k] += sum(c0, lanes); out[(i + 1) * K + k] += sum(c1, lanes);
        out[(i + 2) * K + k] += sum(c2, lanes); out[(i + 3) * K + k] += sum(c3, lanes);
    }

    /** The lanes of c added in order (see {@link #finishDot} for why not reduceLanes). */
    private static float sum(FloatVector c, float[] lanes) {
        c.intoArray(lanes, 0);
        float s = 0f;
        for (int l = 0; l < L; l++) s += lanes[l];
        return s;
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
