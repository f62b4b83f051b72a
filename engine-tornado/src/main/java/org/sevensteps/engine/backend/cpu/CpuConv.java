package org.sevensteps.engine.backend.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.sevensteps.engine.kernels.Conv;
import org.sevensteps.engine.tensor.Buffers;

/**
 * Convolution for the CPU backend. The reference ({@code Backend.conv2d}) writes one big im2col
 * buffer for the whole batch (1.8 MB for conv2 of workload E), multiplies, and reorders the result to
 * NCHW. Here nothing is reordered and no patch is copied: each image is first split into stride×stride
 * <em>phase planes</em>, the padded image's pixels (i·s + ph, j·s + pw) in plane (ph, pw):
 *
 * <pre>
 *   xq (C, s, s, Hq, Wq)   xq[c, ph, pw, i, j] = xpadded[c, i·s + ph, j·s + pw]
 * </pre>
 *
 * Then patch entry k = (c, kh, kw) of output pixel (oh, ow) is xq[c, kh%s, kw%s, oh + kh/s, ow + kw/s]:
 * for one k, the pixels of an output row are <em>contiguous</em>, and so are the rows, if each is
 * Wq wide (its last Wq - OW values are thrown away). So the image's im2col matrix is B (CKK, Q) with
 * Q = OH·Wq and row k at boff[k] in xq, and the convolution of one image is one matrix product whose
 * rows come out in NCHW order:
 *
 * <pre>
 *   y (OC, Q) = bias + w (OC, CKK) · B       then out[oc, oh, 0..OW) = y[oc, oh·Wq ..]
 *   dw (OC, CKK) += dy (OC, Q) · Bᵀ           dy: dout with zeros in the thrown-away columns
 *   dB (CKK, Q) = wᵀ · dy, added into dxq rows at boff[k], then merged back into dx
 * </pre>
 *
 * Q is rounded up to the vector width (Qp), and OC to a multiple of 4 (OC4, zero weights), so that
 * the products run in whole register blocks ({@link CpuMatmul#nnOffsets}, {@link CpuMatmul#ntOffsets}).
 *
 * <p>Threads take tasks of {@link #IMAGES} images; each image's result is the same whichever thread
 * runs it. The weight and bias gradients are summed per task, then added in task order: the same
 * numbers at any thread count.
 *
 * <p>Performance notes: the forward keeps the split images for the backward (returned as its
 * "saved" object), so the backward does not split again; other buffers are per thread and reused.
 */
final class CpuConv {
    private CpuConv() {}

    /** Images per task. */
    static final int IMAGES = 16;

    /** One thread's reusable buffers. */
    private static final class Scratch {
        float[] y, dy, dxq, dw4, w4, bias4, dwParts, dbiasParts;
        final float[] lanes = new float[CpuMatmul.L];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** {@code a} when it holds at least n floats, else a new array of n (contents undefined either way). */
    private static float[] atLeast(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }

    private static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }

    /** The shape of one call and its offset tables. */
    private record Geometry(int B, int C, int H, int W, int OC, int CKK, int s, int pad, int OH, int OW,
                            int Wq, int PQ, int Qp, int OC4, int imgq, int tasks,
                            int[] boff, int[] pixel, int[] yRows, int[] evenAt, int[] oddAt) {

        static Geometry of(int B, int C, int H, int W, int OC, int KH, int KW, int s, int pad, int OH, int OW) {
            int Hq = (H + 2 * pad + s - 1) / s, Wq = (W + 2 * pad + s - 1) / s, PQ = Hq * Wq;
            int Qp = roundUp(OH * Wq, CpuMatmul.L), OC4 = roundUp(OC, 4), CKK = C * KH * KW;
            // boff[(c·KH + kh)·KW + kw]: where row k of B starts in xq
            int[] boff = new int[CKK];
            int last = C * s * s * PQ;
            for (int c = 0; c < C; c++)
                for (int kh = 0; kh < KH; kh++)
                    for (int kw = 0; kw < KW; kw++) {
                        int k = (c * KH + kh) * KW + kw;
                        boff[k] = ((c * s + kh % s) * s + kw % s) * PQ + (kh / s) * Wq + kw / s;
                        last = Math.max(last, boff[k] + Qp);
                    }
            // input pixel (c, ih, iw) is at c·s²·PQ + pixel[ih·W + iw] in xq (one table for the whole
            // plane: a loop of H·W runs faster than H loops of W, which are short)
            int[] pixel = new int[H * W];
            for (int ih = 0; ih < H; ih++)
                for (int iw = 0; iw < W; iw++)
                    pixel[ih * W + iw] = ((ih + pad) % s) * s * PQ + ((ih + pad) / s) * Wq + ((iw + pad) % s) * PQ + (iw + pad) / s;
            int[] yRows = new int[OC4];
            for (int i = 0; i < OC4; i++) yRows[i] = i * Qp;
            // stride 2: the even pixels of input row (c, ih) are consecutive in one plane, the odd ones in
            // another; evenAt/oddAt say where, for a split and merge of whole rows (Rows)
            int[] evenAt = null, oddAt = null;
            if (s == 2 && W > 1) {
                evenAt = new int[C * H];
                oddAt = new int[C * H];
                for (int c = 0; c < C; c++)
                    for (int ih = 0; ih < H; ih++) {
                        evenAt[c * H + ih] = c * s * s * PQ + pixel[ih * W];
                        oddAt[c * H + ih] = c * s * s * PQ + pixel[ih * W + 1];
                    }
            }
            return new Geometry(B, C, H, W, OC, CKK, s, pad, OH, OW, Wq, PQ, Qp, OC4, last, (B + IMAGES - 1) / IMAGES,
                    boff, pixel, yRows, evenAt, oddAt);
        }

        /** Image b of x (B,C,H,W) into its phase planes at xq[b·imgq ..]; the padding must already be zero there. */
        void split(float[] xq, float[] x, int b) {
            if (evenAt != null) { Rows.split(x, b * C * H * W, W, C * H, xq, b * imgq, evenAt, oddAt); return; }
            int ss = s * s * PQ, HW = H * W;
            for (int c = 0; c < C; c++) {
                int to = b * imgq + c * ss, from = (b * C + c) * HW;
                for (int p = 0; p < HW; p++) xq[to + pixel[p]] = x[from + p];
            }
        }

        /** Backward of split: dx (image b) += the image's pixels of dxq (one image's planes). */
        void merge(float[] dx, float[] dxq, int b) {
            if (evenAt != null) { Rows.merge(dx, b * C * H * W, W, C * H, dxq, 0, evenAt, oddAt); return; }
            int ss = s * s * PQ, HW = H * W;
            for (int c = 0; c < C; c++) {
                int from = c * ss, to = (b * C + c) * HW;
                for (int p = 0; p < HW; p++) dx[to + p] += dxq[from + pixel[p]];
            }
        }
    }

    /**
     * out (B,OC,OH,OW) = x (B,C,H,W) ⋆ w (OC,C,KH,KW) + bias (OC); overwrites out. Returns the split
     * images, for {@link #backward}.
     */
    static float[] forward(CpuBackend be, float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                           int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        Geometry g = Geometry.of(B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        int CKK = g.CKK, OC4 = g.OC4, Qp = g.Qp, P = OH * OW;
        Scratch caller = SCRATCH.get();
        float[] w4 = caller.w4 = atLeast(caller.w4, OC4 * CKK), bias4 = caller.bias4 = atLeast(caller.bias4, OC4);
        Arrays.fill(w4, 0, OC4 * CKK, 0f);
        Arrays.fill(bias4, 0, OC4, 0f);
        System.arraycopy(w, 0, w4, 0, OC * CKK);
        System.arraycopy(bias, 0, bias4, 0, OC);
        float[] xq = Buffers.zeros(B * g.imgq); // zeros: the padding
        be.parallel(g.tasks, (long) B * Qp * CKK * OC4, (t0, t1) -> {
            Scratch s = SCRATCH.get();
            float[] y = s.y = atLeast(s.y, OC4 * Qp);
            for (int b = t0 * IMAGES; b < Math.min(B, t1 * IMAGES); b++) {
                g.split(xq, x, b);
                for (int oc = 0; oc < OC4; oc++) Arrays.fill(y, oc * Qp, (oc + 1) * Qp, bias4[oc]);
                CpuMatmul.nnOffsets(y, g.yRows, w4, CKK, 1, xq, b * g.imgq, g.boff, OC4, CKK, Qp);
                // out (b, oc, oh, ow) = y (oc, oh·Wq + ow)
                for (int oc = 0; oc < OC; oc++) Rows.copy(y, oc * Qp, g.Wq, OW, out, (b * OC + oc) * P, OW, OW, OH);
            }
        });
        return xq;
    }

    /** Backward of {@link #forward}: dx +=, dw +=, dbias += (each may be null: not wanted). Consumes {@code saved}. */
    static void backward(CpuBackend be, float[] saved, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                         int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        Geometry g = Geometry.of(B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        int CKK = g.CKK, OC4 = g.OC4, Qp = g.Qp, Wq = g.Wq, P = OH * OW, tasks = g.tasks;
        float[] xq = saved;
        if (dw != null && (xq == null || xq.length != B * g.imgq)) {
            float[] fresh = Buffers.zeros(B * g.imgq);
            be.parallel(B, (long) B * C * H * W, (b0, b1) -> { for (int b = b0; b < b1; b++) g.split(fresh, x, b); });
            xq = fresh;
        }
        float[] xqs = xq;
        Scratch caller = SCRATCH.get();
        float[] w4 = caller.w4 = atLeast(caller.w4, OC4 * CKK);
        Arrays.fill(w4, 0, OC4 * CKK, 0f);
        System.arraycopy(w, 0, w4, 0, OC * CKK);
        // each task's share of dw (OC4, CKK) and of dbias (OC), summed in task order at the end
        float[] dwParts = caller.dwParts = atLeast(caller.dwParts, tasks * OC4 * CKK);
        float[] dbiasParts = caller.dbiasParts = atLeast(caller.dbiasParts, tasks * OC);
        be.parallel(tasks, 2L * B * Qp * CKK * OC4, (t0, t1) -> {
            Scratch s = SCRATCH.get();
            for (int t = t0; t < t1; t++) {
                int b0 = t * IMAGES, n = Math.min(IMAGES, B - b0);
                // dy (n, OC4, Qp) = dout, each row OH·Wq wide with zeros in the thrown-away columns
                float[] dy = s.dy = atLeast(s.dy, IMAGES * OC4 * Qp);
                Arrays.fill(dy, 0, n * OC4 * Qp, 0f);
                for (int i = 0; i < n; i++)
                    for (int oc = 0; oc < OC; oc++) Rows.copy(dout, ((b0 + i) * OC + oc) * P, OW, OW, dy, (i * OC4 + oc) * Qp, Wq, Wq, OH);
                for (int oc = 0; oc < OC; oc++) dbiasParts[t * OC + oc] = rowSum(dy, oc * Qp, n, OC4 * Qp, Qp, s.lanes);
                if (dw != null) {
                    float[] dw4 = s.dw4 = atLeast(s.dw4, OC4 * CKK);
                    Arrays.fill(dw4, 0, OC4 * CKK, 0f);
                    CpuMatmul.ntOffsets(dw4, dy, n, xqs, b0 * g.imgq, g.imgq, g.boff, OC4, CKK, Qp, s.lanes);
                    System.arraycopy(dw4, 0, dwParts, t * OC4 * CKK, OC4 * CKK);
                }
                if (dx != null) {
                    float[] dxq = s.dxq = atLeast(s.dxq, g.imgq);
                    for (int i = 0; i < n; i++) {
                        // dB (CKK, Qp) = wᵀ · dy, added straight into the rows of dxq it was read from
                        Arrays.fill(dxq, 0, g.imgq, 0f);
                        CpuMatmul.nnOffsets(dxq, g.boff, w4, 1, CKK, dy, i * OC4 * Qp, g.yRows, CKK, OC4, Qp);
                        g.merge(dx, dxq, b0 + i);
                    }
                }
            }
        });
        for (int t = 0; t < tasks; t++) {
            if (dbias != null) for (int oc = 0; oc < OC; oc++) dbias[oc] += dbiasParts[t * OC + oc];
            if (dw != null) for (int i = 0; i < OC * CKK; i++) dw[i] += dwParts[t * OC4 * CKK + i];
        }
        Buffers.recycle(xq); // the next forward splits its batch into it
    }

    /** The sum of n rows of m, each N long, the first at {@code at}, the next {@code step} further; lanes added in order at the end. */
    private static float rowSum(float[] m, int at, int n, int step, int N, float[] lanes) {
        FloatVector acc = FloatVector.zero(CpuMatmul.S);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < N; j += CpuMatmul.L) acc = acc.add(FloatVector.fromArray(CpuMatmul.S, m, at + i * step + j));
        acc.intoArray(lanes, 0);
        float sum = 0f;
        for (float l : lanes) sum += l;
        return sum;
    }
}
