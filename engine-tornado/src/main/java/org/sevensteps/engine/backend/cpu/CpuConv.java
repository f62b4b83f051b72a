package org.sevensteps.engine.backend.cpu;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.FloatVector;
import org.sevensteps.engine.tensor.Buffers;

/**
 * Convolution for the CPU backend, with the images of a batch in the vector lanes. The reference
 * ({@code Backend.conv2d}) writes one big im2col buffer for the whole batch and multiplies; here a
 * group of L images (L = the vector width, 16 floats with AVX-512) is laid out so that one vector
 * holds the same pixel of all L images, and each pixel of the padded input is stored once:
 *
 * <pre>
 *   xl (C, Hp, Wp, L)   xl[c, h, w, l] = image b0 + l, padded, at (c, h, w)      Hp = H + 2·pad, Wp = W + 2·pad
 *   yl (OC, P, L)       yl[oc, q, l]   = image b0 + l's output channel oc at pixel q = (oh, ow)
 * </pre>
 *
 * Patch entry k = (c, kh, kw) of output pixel q is then the vector at koff[k] + qoff[q] with
 * koff[k] = (c·Hp + kh)·Wp + kw and qoff[q] = s·oh·Wp + s·ow (in units of L floats): the convolution
 * and its gradients are products of a matrix of scalars (the weights) and matrices of vectors,
 * found through these offsets ({@link LaneProducts}):
 *
 * <pre>
 *   yl[oc, q]  = bias[oc] + Σ_k w[oc, k] · xl[koff[k] + qoff[q]]
 *   dw[oc, k] += Σ_groups Σ_q Σ_lanes dyl[oc, q] · xl[koff[k] + qoff[q]]
 * </pre>
 *
 * The input gradient goes phase by phase: the input pixels with (ih + pad, iw + pad) ≡ (ph, pw) mod s
 * are reached only by the taps (kh, kw) ≡ (ph, pw), each from dy shifted back by (kh/s, kw/s), so
 *
 * <pre>
 *   dxl[c, ih, iw] = Σ_oc Σ_taps w[oc, c, kh, kw] · dyl[oc, (ih + pad - kh)/s, (iw + pad - kw)/s]
 * </pre>
 *
 * is one more such product per phase, with dy in a frame of zeros for the shifts that fall outside.
 * Every multiply-add works on L images at once, whatever the stride and the image size: nothing is
 * rounded up to the vector width but the last group of a batch. The images move in and out of the
 * lanes by 16×16 transposes ({@link LaneTiles}).
 *
 * <p>Threads take groups, and weights for the weight gradient (summed over all groups in registers:
 * one sum of lanes per weight); the bias gradient is summed per group, then in group order. Every
 * number is computed the same way at any thread count. The forward keeps xl for the backward
 * (returned as its "saved" object).
 */
final class CpuConv {
    private CpuConv() {}

    private static final int L = CpuMatmul.L;

    /** One thread's reusable buffers. */
    private static final class Scratch {
        float[] y, dy, dx, dbiasParts;
        final int[] from = new int[L], to = new int[L];
        final float[] lanes = new float[16 * L];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** {@code a} when it holds at least n floats, else a new array of n (contents undefined either way). */
    private static float[] atLeast(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }

    /** The shape of one call and its offset tables (offsets in floats). */
    private record Geometry(int C, int H, int W, int OC, int CKK, int P, int groups, int xSize, int ySize,
                            int plane, int[] koff, int[] qoff, int[] pixel, int[] yRows, int[] yCols, int[] yAt,
                            int dySize, int[] dyRows, int[] dyCols, int[] dyAt, int[] dxRows, Phase[] phases) {

        /**
         * The input pixels (ih, iw) of one phase, (ih + pad, iw + pad) ≡ (ph, pw) mod s, and the taps
         * (kh, kw) ≡ (ph, pw) that reach them: pixel j of the phase gets Σ_oc Σ_t w[oc, c, tap t] ·
         * dyl[rows[oc·T + t] + cols[j]] (at pixels[j] in dxl).
         */
        private record Phase(int[] taps, int[] pixels, int[] rows, int[] cols) {}

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
            int Hp = H + 2 * pad, Wp = W + 2 * pad, P = OH * OW, CKK = C * KH * KW;
            int[] koff = new int[CKK];
            for (int c = 0; c < C; c++)
                for (int kh = 0; kh < KH; kh++)
                    for (int kw = 0; kw < KW; kw++) koff[(c * KH + kh) * KW + kw] = ((c * Hp + kh) * Wp + kw) * L;
            int[] qoff = new int[P], yCols = new int[P];
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++) qoff[oh * OW + ow] = (s * oh * Wp + s * ow) * L;
            for (int q = 0; q < P; q++) yCols[q] = q * L;
            int[] yAt = new int[OC * P];
            for (int i = 0; i < OC * P; i++) yAt[i] = i * L;
            // input pixel (ih, iw) of a channel, in its padded plane
            int[] pixel = new int[H * W];
            for (int ih = 0; ih < H; ih++)
                for (int iw = 0; iw < W; iw++) pixel[ih * W + iw] = ((ih + pad) * Wp + iw + pad) * L;
            int[] yRows = new int[OC];
            for (int oc = 0; oc < OC; oc++) yRows[oc] = oc * P * L;
            // dy for the dx product, (OC, OHp, OWp, L): zeros around dy, so that the shifts by the taps
            // (up to Ah rows and Aw columns back) read zeros out of range
            int Ah = (KH - 1) / s, Aw = (KW - 1) / s;
            int OHp = Ah + Math.max(OH, (H - 1 + pad) / s + 1), OWp = Aw + Math.max(OW, (W - 1 + pad) / s + 1);
            int[] dyRows = new int[OC], dyCols = new int[P], dyAt = new int[OC * P], dxRows = new int[C];
            for (int oc = 0; oc < OC; oc++) dyRows[oc] = oc * OHp * OWp * L;
            for (int oh = 0; oh < OH; oh++)
                for (int ow = 0; ow < OW; ow++) dyCols[oh * OW + ow] = ((oh + Ah) * OWp + ow + Aw) * L;
            for (int i = 0; i < OC * P; i++) dyAt[i] = dyRows[i / P] + dyCols[i % P];
            for (int c = 0; c < C; c++) dxRows[c] = c * H * W * L;
            Phase[] phases = new Phase[s * s];
            for (int ph = 0; ph < s; ph++)
                for (int pw = 0; pw < s; pw++) {
                    int th = (KH - ph + s - 1) / s, tw = (KW - pw + s - 1) / s, T = th * tw;
                    int[] taps = new int[T], rows = new int[OC * T];
                    for (int a = 0; a < th; a++)
                        for (int b = 0; b < tw; b++) taps[a * tw + b] = (ph + s * a) * KW + pw + s * b;
                    for (int oc = 0; oc < OC; oc++)
                        for (int t = 0; t < T; t++) rows[oc * T + t] = dyRows[oc] - ((taps[t] / KW / s) * OWp + taps[t] % KW / s) * L;
                    int nh = 0, nw = 0;
                    for (int ih = 0; ih < H; ih++) if ((ih + pad) % s == ph) nh++;
                    for (int iw = 0; iw < W; iw++) if ((iw + pad) % s == pw) nw++;
                    int[] pixels = new int[nh * nw], cols = new int[nh * nw];
                    int j = 0;
                    for (int ih = 0; ih < H; ih++)
                        for (int iw = 0; iw < W; iw++)
                            if ((ih + pad) % s == ph && (iw + pad) % s == pw) {
                                pixels[j] = (ih * W + iw) * L;
                                cols[j++] = (((ih + pad) / s + Ah) * OWp + (iw + pad) / s + Aw) * L;
                            }
                    phases[ph * s + pw] = new Phase(taps, pixels, rows, cols);
                }
            return new Geometry(C, H, W, OC, CKK, P, (B + L - 1) / L, C * Hp * Wp * L, OC * P * L, Hp * Wp * L,
                    koff, qoff, pixel, yRows, yCols, yAt, OC * OHp * OWp * L, dyRows, dyCols, dyAt, dxRows, phases);
        }

        // The moves go tile by tile (LaneTiles): L images × L values of each, from and to the offsets in `from` and `to`.

        /** Images b0 .. b0+n of x (B,C,H,W) into the lanes of xl[at ..]; its padding must be zero. */
        void toLanes(float[] x, int b0, int n, float[] xl, int at, int[] from, int[] to) {
            for (int c = 0, HW = H * W; c < C; c++)
                for (int p = 0; p < HW; p += L) {
                    int r = Math.min(L, HW - p);
                    for (int l = 0; l < n; l++) from[l] = ((b0 + l) * C + c) * HW + p;
                    for (int j = 0; j < r; j++) to[j] = at + c * plane + pixel[p + j];
                    LaneTiles.move(x, from, n, r, xl, to, r, L, false);
                }
        }

        /** dx (images b0 .. b0+n) += their lanes of dxl (C, H, W, L). */
        void addFromLanes(float[] dxl, float[] dx, int b0, int n, int[] from, int[] to) {
            for (int c = 0, HW = H * W; c < C; c++)
                for (int p = 0; p < HW; p += L) {
                    int r = Math.min(L, HW - p);
                    for (int j = 0; j < r; j++) from[j] = (c * HW + p + j) * L;
                    for (int l = 0; l < n; l++) to[l] = ((b0 + l) * C + c) * HW + p;
                    LaneTiles.move(dxl, from, r, L, dx, to, n, r, true);
                }
        }

        /** y (images b0 .. b0+n, OC·P each) = their lanes of yl. */
        void fromLanes(float[] yl, float[] y, int b0, int n, int[] from, int[] to) {
            for (int i = 0, OCP = OC * P; i < OCP; i += L) {
                int r = Math.min(L, OCP - i);
                for (int j = 0; j < r; j++) from[j] = (i + j) * L;
                for (int l = 0; l < n; l++) to[l] = (b0 + l) * OCP + i;
                LaneTiles.move(yl, from, r, L, y, to, n, r, false);
            }
        }

        /** The lanes of y's images b0 .. b0+n (OC·P each) at yl[base + at[i] ..] for i < OC·P, zeros in the other lanes. */
        void yToLanes(float[] y, int b0, int n, float[] yl, int base, int[] at, int[] from, int[] to) {
            for (int i = 0, OCP = OC * P; i < OCP; i += L) {
                int r = Math.min(L, OCP - i);
                for (int l = 0; l < n; l++) from[l] = (b0 + l) * OCP + i;
                for (int j = 0; j < r; j++) to[j] = base + at[i + j];
                LaneTiles.move(y, from, n, r, yl, to, r, L, false);
            }
        }
    }

    /**
     * out (B,OC,OH,OW) = x (B,C,H,W) ⋆ w (OC,C,KH,KW) + bias (OC); overwrites out. Returns the images
     * in lanes, for {@link #backward}.
     */
    static float[] forward(CpuBackend be, float[] out, float[] x, float[] w, float[] bias, int B, int C, int H, int W,
                           int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        Geometry g = Geometry.of(B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        int CKK = g.CKK, P = g.P;
        float[] xl = Buffers.zeros(g.groups * g.xSize); // zeros: the padding, and the lanes of a last group's missing images
        be.parallel(g.groups, (long) g.groups * L * P * CKK * OC, (g0, g1) -> {
            Scratch s = SCRATCH.get();
            float[] yl = s.y = atLeast(s.y, g.ySize);
            for (int grp = g0; grp < g1; grp++) {
                int b0 = grp * L, n = Math.min(L, B - b0), at = grp * g.xSize;
                g.toLanes(x, b0, n, xl, at, s.from, s.to);
                for (int oc = 0; oc < OC; oc++) Arrays.fill(yl, oc * P * L, (oc + 1) * P * L, bias[oc]);
                LaneProducts.nn(yl, g.yRows, g.yCols, w, CKK, 1, xl, at, g.koff, g.qoff, OC, CKK, P);
                g.fromLanes(yl, out, b0, n, s.from, s.to);
            }
        });
        return xl;
    }

    /** Backward of {@link #forward}: dx +=, dw +=, dbias += (each may be null: not wanted). Consumes {@code saved}. */
    static void backward(CpuBackend be, float[] saved, float[] dx, float[] dw, float[] dbias, float[] dout, float[] x, float[] w,
                         int B, int C, int H, int W, int OC, int KH, int KW, int stride, int pad, int OH, int OW) {
        Geometry g = Geometry.of(B, C, H, W, OC, KH, KW, stride, pad, OH, OW);
        int CKK = g.CKK, P = g.P, groups = g.groups;
        float[] xl = saved;
        if (dw != null && (xl == null || xl.length != groups * g.xSize)) {
            float[] fresh = Buffers.zeros(groups * g.xSize);
            be.parallel(groups, (long) B * C * H * W, (g0, g1) -> {
                Scratch s = SCRATCH.get();
                for (int grp = g0; grp < g1; grp++) g.toLanes(x, grp * L, Math.min(L, B - grp * L), fresh, grp * g.xSize, s.from, s.to);
            });
            xl = fresh;
        }
        // dy of every group, in the zero-framed layout of the dx product when dx is wanted, else the plain one
        int dySize = dx != null ? g.dySize : g.ySize;
        int[] dyRows = dx != null ? g.dyRows : g.yRows, dyCols = dx != null ? g.dyCols : g.yCols, dyAt = dx != null ? g.dyAt : g.yAt;
        Scratch caller = SCRATCH.get();
        float[] dyl = caller.dy = atLeast(caller.dy, groups * dySize);
        float[] dbiasParts = caller.dbiasParts = atLeast(caller.dbiasParts, groups * OC); // summed in group order at the end
        float[][] wt = dx != null ? phaseWeights(g, w, KH * KW) : null;
        be.parallel(groups, 2L * groups * L * P * CKK * OC, (g0, g1) -> {
            Scratch s = SCRATCH.get();
            for (int grp = g0; grp < g1; grp++) {
                int b0 = grp * L, n = Math.min(L, B - b0), at = grp * dySize;
                if (dx != null) Arrays.fill(dyl, at, at + dySize, 0f); // the frame (the plain layout is written whole)
                g.yToLanes(dout, b0, n, dyl, at, dyAt, s.from, s.to);
                for (int oc = 0; oc < OC; oc++) dbiasParts[grp * OC + oc] = laneSum(dyl, at + dyRows[oc], dySize / OC, s.lanes);
                if (dx != null) {
                    // phase by phase, each pixel of dxl (C, H, W, L) summed from the taps that reach it
                    int dxSize = C * H * W * L;
                    float[] dxl = s.dx = atLeast(s.dx, dxSize);
                    Arrays.fill(dxl, 0, dxSize, 0f);
                    for (int p = 0; p < wt.length; p++) {
                        Geometry.Phase ph = g.phases[p];
                        int K = OC * ph.taps().length;
                        LaneProducts.nn(dxl, g.dxRows, ph.pixels(), wt[p], K, 1, dyl, at, ph.rows(), ph.cols(), C, K, ph.pixels().length);
                    }
                    g.addFromLanes(dxl, dx, b0, n, s.from, s.to);
                }
            }
        });
        if (dbias != null) for (int grp = 0; grp < groups; grp++) for (int oc = 0; oc < OC; oc++) dbias[oc] += dbiasParts[grp * OC + oc];
        // dw over all groups at once, in register sums across the whole batch (one sum of lanes per
        // weight, not per group); threads take weights, so each is summed the same way at any count
        if (dw != null) {
            float[] xls = xl;
            be.parallel((CKK + 3) / 4, 2L * groups * L * P * CKK * OC, (k0, k1) ->
                    LaneProducts.nt(dw, dyl, dySize, dyRows, dyCols, xls, g.xSize, g.koff, g.qoff, groups, OC, 4 * k0, Math.min(CKK, 4 * k1), CKK, P,
                            SCRATCH.get().lanes));
        }
        Buffers.recycle(xl); // the next forward puts its batch into it
    }

    /** Each phase's weights for the dx product: wt[p] (C, OC·T) = w[oc, c, tap t] over the phase's T taps. */
    private static float[][] phaseWeights(Geometry g, float[] w, int KK) {
        float[][] wt = new float[g.phases.length][];
        int C = g.C, OC = g.OC;
        for (int p = 0; p < wt.length; p++) {
            int[] taps = g.phases[p].taps();
            int T = taps.length;
            wt[p] = new float[C * OC * T];
            for (int c = 0; c < C; c++)
                for (int oc = 0; oc < OC; oc++)
                    for (int t = 0; t < T; t++) wt[p][(c * OC + oc) * T + t] = w[(oc * C + c) * KK + taps[t]];
        }
        return wt;
    }

    /** The sum of the n floats v[at ..], added as vectors, then their lanes in order. */
    private static float laneSum(float[] v, int at, int n, float[] lanes) {
        FloatVector acc = FloatVector.zero(CpuMatmul.S);
        for (int i = 0; i < n; i += L) acc = acc.add(FloatVector.fromArray(CpuMatmul.S, v, at + i));
        acc.intoArray(lanes, 0);
        return LaneProducts.sum(lanes, 0);
    }
}
