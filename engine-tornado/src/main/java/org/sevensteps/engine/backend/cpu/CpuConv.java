package org.sevensteps.engine.backend.cpu;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
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
 *   xq (C, s, s, Hq, Wq)   xq[c, ph, pw, i, j] = xpadded[c, i·s + ph, j·s + pw]     (planes PQp apart)
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
 * </pre>
 *
 * The input gradient is computed plane by plane, as the split's backward: the pixels of plane (ph, pw)
 * are touched only by the taps (kh, kw) ≡ (ph, pw) mod s, each shifted by (kh/s, kw/s), so
 *
 * <pre>
 *   dxq[c, ph, pw, i, j] = Σ_oc Σ_taps w[oc, c, kh, kw] · dy[oc, i - kh/s, j - kw/s]
 * </pre>
 *
 * is again one product per plane, with dy's rows read at shifted offsets (zeros around them stand in
 * for the out-of-range pixels), and then the planes are merged back into dx. Each value of dxq is
 * summed in registers and written once; the multiply-adds are the same in number as for dB = wᵀ · dy.
 *
 * Q is rounded up to the vector width (Qp), the planes are a whole number of vectors apart (PQp), and
 * OC is rounded up to a multiple of 4 (OC4, zero weights), so that the products run in whole register
 * blocks ({@link CpuMatmul#nnOffsets}, {@link CpuMatmul#ntOffsets}).
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
                            int Wq, int PQp, int Qp, int OC4, int imgq, int tasks, int dyAt, int dyStep,
                            int[] boff, int[] pixel, int[] yRows, int[] evenAt, int[] oddAt,
                            int[][] taps, int[][] dyRows, int[][] dxRows) {

        /** The shapes of one call, the key of {@link #GEOMETRIES}. */
        private record Shape(int B, int C, int H, int W, int OC, int KH, int KW, int s, int pad, int OH, int OW) {}

        // a model has a few convolution shapes, seen every step: their tables are built once
        private static final ConcurrentHashMap<Shape, Geometry> GEOMETRIES = new ConcurrentHashMap<>();

        static Geometry of(int B, int C, int H, int W, int OC, int KH, int KW, int s, int pad, int OH, int OW) {
            if (GEOMETRIES.size() > 256) GEOMETRIES.clear(); // a server trains many models: keep the recent ones
            return GEOMETRIES.computeIfAbsent(new Shape(B, C, H, W, OC, KH, KW, s, pad, OH, OW),
                    k -> build(B, C, H, W, OC, KH, KW, s, pad, OH, OW));
        }

        private static Geometry build(int B, int C, int H, int W, int OC, int KH, int KW, int s, int pad, int OH, int OW) {
            int Hq = (H + 2 * pad + s - 1) / s, Wq = (W + 2 * pad + s - 1) / s, PQp = roundUp(Hq * Wq, CpuMatmul.L);
            int Qp = roundUp(OH * Wq, CpuMatmul.L), OC4 = roundUp(OC, 4), CKK = C * KH * KW;
            // boff[(c·KH + kh)·KW + kw]: where row k of B starts in xq (planes PQp apart, a whole number of vectors)
            int[] boff = new int[CKK];
            int last = C * s * s * PQp;
            for (int c = 0; c < C; c++)
                for (int kh = 0; kh < KH; kh++)
                    for (int kw = 0; kw < KW; kw++) {
                        int k = (c * KH + kh) * KW + kw;
                        boff[k] = ((c * s + kh % s) * s + kw % s) * PQp + (kh / s) * Wq + kw / s;
                        last = Math.max(last, boff[k] + Qp);
                    }
            // input pixel (c, ih, iw) is at c·s²·PQp + pixel[ih·W + iw] in xq (one table for the whole
            // plane: a loop of H·W runs faster than H loops of W, which are short)
            int[] pixel = new int[H * W];
            for (int ih = 0; ih < H; ih++)
                for (int iw = 0; iw < W; iw++)
                    pixel[ih * W + iw] = (((ih + pad) % s) * s + (iw + pad) % s) * PQp + ((ih + pad) / s) * Wq + (iw + pad) / s;
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
                        evenAt[c * H + ih] = c * s * s * PQp + pixel[ih * W];
                        oddAt[c * H + ih] = c * s * s * PQp + pixel[ih * W + 1];
                    }
            }
            // dy: each output channel's rows (OH·Wq, zeros in the thrown-away columns) at dyAt + oc·dyStep,
            // with zeros around them: up to `front` before (the shifts of the dx product) and PQp after
            int front = ((KH - 1) / s) * Wq + (KW - 1) / s, dyAt = roundUp(front, CpuMatmul.L);
            int dyStep = roundUp(Math.max(OH * Wq + front, Math.max(PQp, Qp)), CpuMatmul.L);
            // the dx product, plane by plane: taps[p] lists the kernel taps (kh, kw) ≡ (ph, pw) mod s of plane
            // p = ph·s + pw, as kh·KW + kw; dyRows[p] the dy row each (oc, tap) reads, shifted back by
            // (kh/s, kw/s); dxRows[p] where each channel's plane is in dxq (laid out as xq)
            int[][] taps = new int[s * s][], dyRows = new int[s * s][], dxRows = new int[s * s][];
            for (int ph = 0; ph < s; ph++)
                for (int pw = 0; pw < s; pw++) {
                    int p = ph * s + pw, n = ((KH - ph + s - 1) / s) * ((KW - pw + s - 1) / s), t = 0;
                    taps[p] = new int[n];
                    for (int kh = ph; kh < KH; kh += s) for (int kw = pw; kw < KW; kw += s) taps[p][t++] = kh * KW + kw;
                    dyRows[p] = new int[OC * n];
                    for (int oc = 0; oc < OC; oc++)
                        for (t = 0; t < n; t++) {
                            int kh = taps[p][t] / KW, kw = taps[p][t] % KW;
                            dyRows[p][oc * n + t] = dyAt + oc * dyStep - (kh / s) * Wq - kw / s;
                        }
                    dxRows[p] = new int[C];
                    for (int c = 0; c < C; c++) dxRows[p][c] = (c * s * s + p) * PQp;
                }
            return new Geometry(B, C, H, W, OC, CKK, s, pad, OH, OW, Wq, PQp, Qp, OC4, last, (B + IMAGES - 1) / IMAGES,
                    dyAt, dyStep, boff, pixel, yRows, evenAt, oddAt, taps, dyRows, dxRows);
        }

        /** Image b of x (B,C,H,W) into its phase planes at xq[b·imgq ..]; the padding must already be zero there. */
        void split(float[] xq, float[] x, int b) {
            if (evenAt != null) { Rows.split(x, b * C * H * W, W, C * H, xq, b * imgq, evenAt, oddAt); return; }
            int ss = s * s * PQp, HW = H * W;
            for (int c = 0; c < C; c++) {
                int to = b * imgq + c * ss, from = (b * C + c) * HW;
                for (int p = 0; p < HW; p++) xq[to + pixel[p]] = x[from + p];
            }
        }

        /** Backward of split: dx (image b) += the image's pixels of dxq (one image's planes). */
        void merge(float[] dx, float[] dxq, int b) {
            if (evenAt != null) { Rows.merge(dx, b * C * H * W, W, C * H, dxq, 0, evenAt, oddAt); return; }
            int ss = s * s * PQp, HW = H * W;
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
        int CKK = g.CKK, OC4 = g.OC4, Qp = g.Qp, Wq = g.Wq, P = OH * OW, tasks = g.tasks, dyAt = g.dyAt, dyStep = g.dyStep;
        float[] xq = saved;
        if (dw != null && (xq == null || xq.length != B * g.imgq)) {
            float[] fresh = Buffers.zeros(B * g.imgq);
            be.parallel(B, (long) B * C * H * W, (b0, b1) -> { for (int b = b0; b < b1; b++) g.split(fresh, x, b); });
            xq = fresh;
        }
        float[] xqs = xq;
        // the dx product's weights, plane by plane: wt[p] (C, OC·taps) with wt[p][c, oc·taps + t] = w[oc, c, tap t]
        float[][] wt = new float[g.taps.length][];
        for (int p = 0; p < wt.length; p++) {
            int[] taps = g.taps[p];
            wt[p] = new float[C * OC * taps.length];
            for (int c = 0; c < C; c++)
                for (int oc = 0; oc < OC; oc++)
                    for (int t = 0; t < taps.length; t++) wt[p][(c * OC + oc) * taps.length + t] = w[(oc * C + c) * KH * KW + taps[t]];
        }
        // each task's share of dw (OC4, CKK) and of dbias (OC), summed in task order at the end
        Scratch caller = SCRATCH.get();
        float[] dwParts = caller.dwParts = atLeast(caller.dwParts, tasks * OC4 * CKK);
        float[] dbiasParts = caller.dbiasParts = atLeast(caller.dbiasParts, tasks * OC);
        be.parallel(tasks, 2L * B * Qp * CKK * OC4, (t0, t1) -> {
            Scratch s = SCRATCH.get();
            for (int t = t0; t < t1; t++) {
                int b0 = t * IMAGES, n = Math.min(IMAGES, B - b0);
                // dy (n, OC4): dout's rows OH·Wq wide, zeros in the thrown-away columns and around (Geometry)
                float[] dy = s.dy = atLeast(s.dy, IMAGES * OC4 * dyStep + dyAt);
                Arrays.fill(dy, 0, n * OC4 * dyStep + dyAt, 0f);
                for (int i = 0; i < n; i++)
                    for (int oc = 0; oc < OC; oc++) Rows.copy(dout, ((b0 + i) * OC + oc) * P, OW, OW, dy, dyAt + (i * OC4 + oc) * dyStep, Wq, Wq, OH);
                for (int oc = 0; oc < OC; oc++) dbiasParts[t * OC + oc] = rowSum(dy, dyAt + oc * dyStep, n, OC4 * dyStep, Qp, s.lanes);
                if (dw != null) {
                    float[] dw4 = s.dw4 = atLeast(s.dw4, OC4 * CKK);
                    Arrays.fill(dw4, 0, OC4 * CKK, 0f);
                    CpuMatmul.ntOffsets(dw4, dy, dyAt, dyStep, n, xqs, b0 * g.imgq, g.imgq, g.boff, OC4, CKK, Qp, s.lanes);
                    System.arraycopy(dw4, 0, dwParts, t * OC4 * CKK, OC4 * CKK);
                }
                if (dx != null) {
                    // dxq, plane by plane, is a convolution of dy with the taps that land on the plane: every
                    // value is summed in registers and written once (adding wᵀ · dy into overlapping rows
                    // instead made each row's loads wait for the previous row's stores)
                    float[] dxq = s.dxq = atLeast(s.dxq, g.imgq);
                    for (int i = 0; i < n; i++) {
                        Arrays.fill(dxq, 0, C * stride * stride * g.PQp, 0f);
                        for (int p = 0; p < wt.length; p++) {
                            int K = OC * g.taps[p].length;
                            if (K > 0) CpuMatmul.nnOffsets(dxq, g.dxRows[p], wt[p], K, 1, dy, i * OC4 * dyStep, g.dyRows[p], C, K, g.PQp);
                        }
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
