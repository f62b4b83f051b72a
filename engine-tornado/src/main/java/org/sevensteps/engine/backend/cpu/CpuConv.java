package org.sevensteps.engine.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.sevensteps.engine.kernels.Conv;

/**
 * Convolution for the CPU backend, a few images at a time so that everything one step touches stays
 * in the core's cache. The reference ({@code Backend.conv2d}) writes one big im2col buffer for the
 * whole batch (1.8 MB for conv2 of workload E), multiplies, and reorders the result to NCHW. Here
 * each task takes {@link #IMAGES} images, copies them with a border of zeros into xp, and multiplies
 * the patches in place, never writing them out (an "implicit GEMM"):
 *
 * <pre>
 *   A (n·P, CKK), A(r,k) = xp[base[r] + koff[k]]   row r: the patch under output pixel r
 *   y (n·P, OCp) = bias + A · wT                  wT (CKK, OCp): the weight transposed, zero-padded
 *   out (n, OC, P) = y transposed per image        back to NCHW
 * </pre>
 *
 * where P = OH·OW, CKK = C·KH·KW, base[r] is where pixel r's patch starts in xp, koff[k] the offset of
 * patch entry k = (c,kh,kw), and OCp is OC rounded up to the matmul kernel's block (16 on AVX2) so
 * that every multiply runs in whole vector blocks. The backward does the same per task: dy (n·P, OCp)
 * from dout, dwT += Aᵀ · dy, and drows = dy · w added back into dx at the pixels A read.
 *
 * <p>Threads take whole tasks, and each task's result is the same whichever thread runs it. The
 * weight and bias gradients are first summed per task, then added in task order: the same numbers at
 * any thread count.
 *
 * <p>Performance notes: nothing is allocated after the first call on a thread (scratch buffers are
 * per thread and grow on demand); the padding makes every read of A valid, so the inner loops have
 * no bounds tests.
 */
final class CpuConv {
    private CpuConv() {}

    /** Images per task: small enough for cache, large enough to amortise a task's set-up. */
    static final int IMAGES = 4;

    /** One thread's reusable buffers. */
    private static final class Scratch {
        float[] xp, y, dy, drows, dwT, wT, biasP, dwParts, dbiasParts;
        int[] base, koff;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** {@code a} when it holds at least n floats, else a new array of n (contents undefined either way). */
    private static float[] atLeast(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }

    private static int[] atLeast(int[] a, int n) {
        return a != null && a.length >= n ? a : new int[n];
    }

    /** OC rounded up to the width of the matmul kernel's column block. */
    static int padded(int OC) {
        int block = 2 * CpuMatmul.L;
        return (OC + block - 1) / block * block;
    }

    /** The shape of one call, and the offset tables of its patches. */
    private record Geometry(int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW,
                            int P, int CKK, int OCp, int Hp, int Wp, int img, int tasks, int[] base, int[] koff) {

        static Geometry of(Scratch s, int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
            int P = OH * OW, CKK = C * KH * KW, Hp = H + 2 * pad, Wp = W + 2 * pad, img = C * Hp * Wp;
            // base[b·P + oh·OW + ow]: the top left of that pixel's patch in xp (IMAGES padded images)
            int[] base = s.base = atLeast(s.base, IMAGES * P);
            for (int b = 0; b < IMAGES; b++)
                for (int oh = 0; oh < OH; oh++)
                    for (int ow = 0; ow < OW; ow++) base[(b * OH + oh) * OW + ow] = b * img + oh * stride * Wp + ow * stride;
            // koff[(c·KH + kh)·KW + kw]: where that entry of a patch is, from its top left
            int[] koff = s.koff = atLeast(s.koff, CKK);
            for (int c = 0; c < C; c++)
                for (int kh = 0; kh < KH; kh++)
                    for (int kw = 0; kw < KW; kw++) koff[(c * KH + kh) * KW + kw] = c * Hp * Wp + kh * Wp + kw;
            return new Geometry(B, C, H, W, OC, KH, KW, stride, pad, OH, OW, P, CKK, padded(OC), Hp, Wp, img,
                    (B + IMAGES - 1) / IMAGES, base, koff);
        }

        /** xp (n, C, Hp, Wp) = images b0..b0+n-1 of x (B,C,H,W) inside a border of pad zeros. */
        void pad(float[] xp, float[] x, int b0, int n) {
            Arrays.fill(xp, 0, n * img, 0f);
            for (int bc = 0; bc < n * C; bc++)
                for (int h = 0; h < H; h++) {
                    // a loop, not System.arraycopy: the rows are short (7 to 28), where the call costs more than the copy
                    int src = (b0 * C + bc) * H * W + h * W, dst = (bc * Hp + h + pad) * Wp + pad;
                    for (int w = 0; w < W; w++) xp[dst + w] = x[src + w];
                }
        }

        /** Backward of pad: dx (B,C,H,W) += the inside of dxp. */
        void unpad(float[] dx, float[] dxp, int b0, int n) {
            for (int bc = 0; bc < n * C; bc++)
                for (int h = 0; h < H; h++) {
                    int d = (b0 * C + bc) * H * W + h * W, p = (bc * Hp + h + pad) * Wp + pad;
                    for (int w = 0; w < W; w++) dx[d + w] += dxp[p + w];
                }
        }
    }

    /** out (B,OC,OH,OW) = x (B,C,H,W) ⋆ w (OC,C,KH,KW) + bias (OC); overwrites out. */
    static void forward(CpuBackend be, float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                        int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        Scratch caller = SCRATCH.get();
        Geometry g = Geometry.of(caller, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        int P = g.P, CKK = g.CKK, OCp = g.OCp;
        // wT (CKK, OCp) = wᵀ, zero in the padding columns; biasP (OCp) the same
        float[] wT = caller.wT = atLeast(caller.wT, CKK * OCp);
        Arrays.fill(wT, 0, CKK * OCp, 0f);
        for (int oc = 0; oc < OC; oc++) for (int k = 0; k < CKK; k++) wT[k * OCp + oc] = w[oc * CKK + k];
        float[] biasP = caller.biasP = atLeast(caller.biasP, OCp);
        Arrays.fill(biasP, 0, OCp, 0f);
        System.arraycopy(bias, 0, biasP, 0, OC);

        be.parallel(g.tasks, (long) B * P * CKK * OCp, (t0, t1) -> {
            Scratch s = SCRATCH.get();
            for (int t = t0; t < t1; t++) {
                int b0 = t * IMAGES, n = Math.min(IMAGES, B - b0), R = n * P;
                float[] xp = s.xp = atLeast(s.xp, IMAGES * g.img);
                g.pad(xp, x, b0, n);
                float[] y = s.y = atLeast(s.y, R * OCp);
                CpuMatmul.nnIndexed(y, xp, g.base, g.koff, wT, biasP, CKK, OCp, 0, R);
                // out (b, oc, p) = y (b·P + p, oc)
                for (int b = 0; b < n; b++) {
                    int o = (b0 + b) * OC * P;
                    for (int p = 0; p < P; p++) {
                        int yi = (b * P + p) * OCp;
                        for (int oc = 0; oc < OC; oc++) out[o + oc * P + p] = y[yi + oc];
                    }
                }
            }
        });
    }

    /**
     * sums[at + j] = the sum of column j of m (R, N) for j < OC, row after row. One vector of
     * accumulators per L columns: a single scalar sum would wait on each add in turn.
     */
    private static void columnSums(float[] sums, int at, float[] m, int R, int OC, int N) {
        for (int j = 0; j < N; j += CpuMatmul.L) {
            FloatVector acc = FloatVector.zero(CpuMatmul.S);
            for (int r = 0; r < R; r++) acc = acc.add(FloatVector.fromArray(CpuMatmul.S, m, r * N + j));
            for (int l = 0; l < CpuMatmul.L && j + l < OC; l++) sums[at + j + l] = acc.lane(l);
        }
    }

    /** Backward of {@link #forward}: dx +=, dw +=, dbias += (each may be null: not wanted). */
    static void backward(CpuBackend be, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                         int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        Scratch caller = SCRATCH.get();
        Geometry g = Geometry.of(caller, B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        int P = g.P, CKK = g.CKK, OCp = g.OCp, tasks = g.tasks;
        // each task's share of dwT (CKK, OCp) and of dbias (OC), summed in task order at the end
        float[] dwParts = caller.dwParts = atLeast(caller.dwParts, tasks * CKK * OCp);
        float[] dbiasParts = caller.dbiasParts = atLeast(caller.dbiasParts, tasks * OC);
        be.parallel(tasks, 2L * B * P * CKK * OCp, (t0, t1) -> {
            Scratch s = SCRATCH.get();
            for (int t = t0; t < t1; t++) {
                int b0 = t * IMAGES, n = Math.min(IMAGES, B - b0), R = n * P;
                // dy (b·P + p, oc) = dout (b, oc, p), zero in the padding columns; dbias = its column sums
                float[] dy = s.dy = atLeast(s.dy, R * OCp);
                for (int b = 0; b < n; b++) {
                    int o = (b0 + b) * OC * P;
                    for (int p = 0; p < P; p++) {
                        int yi = (b * P + p) * OCp;
                        for (int oc = 0; oc < OC; oc++) dy[yi + oc] = dout[o + oc * P + p];
                        for (int oc = OC; oc < OCp; oc++) dy[yi + oc] = 0f;
                    }
                }
                columnSums(dbiasParts, t * OC, dy, R, OC, OCp);
                if (dw != null) {
                    // y = A · wT  =>  dwT (CKK, OCp) = Aᵀ · dy
                    float[] xp = s.xp = atLeast(s.xp, IMAGES * g.img);
                    g.pad(xp, x, b0, n);
                    float[] dwT = s.dwT = atLeast(s.dwT, CKK * OCp);
                    CpuMatmul.tnIndexed(dwT, xp, g.base, g.koff, dy, R, OCp, 0, CKK);
                    System.arraycopy(dwT, 0, dwParts, t * CKK * OCp, CKK * OCp);
                }
                if (dx != null) {
                    // dA (R, CKK) = dy · w (dy's padding columns are zero, so only OC of them count),
                    // then each entry goes back to the pixel of xp it was read from
                    float[] drows = s.drows = atLeast(s.drows, R * CKK);
                    Arrays.fill(drows, 0, R * CKK, 0f);
                    CpuMatmul.nn(drows, dy, OCp, 1, w, OC, CKK, 0, R, 0, CKK);
                    float[] dxp = s.xp = atLeast(s.xp, IMAGES * g.img);
                    Arrays.fill(dxp, 0, n * g.img, 0f);
                    int[] base = g.base, koff = g.koff;
                    for (int r = 0; r < R; r++) {
                        int xr = base[r], dr = r * CKK;
                        for (int k = 0; k < CKK; k++) dxp[xr + koff[k]] += drows[dr + k];
                    }
                    g.unpad(dx, dxp, b0, n);
                }
            }
        });
        for (int t = 0; t < tasks; t++) {
            if (dbias != null) for (int oc = 0; oc < OC; oc++) dbias[oc] += dbiasParts[t * OC + oc];
            if (dw != null) {
                int part = t * CKK * OCp;
                for (int oc = 0; oc < OC; oc++) for (int k = 0; k < CKK; k++) dw[oc * CKK + k] += dwParts[part + k * OCp + oc];
            }
        }
    }
}
