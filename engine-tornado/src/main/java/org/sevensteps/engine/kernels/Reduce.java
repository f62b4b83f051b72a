package org.sevensteps.engine.kernels;

/**
 * Reductions. A reduction along one dimension sees the tensor as (outer, D, inner): D is reduced,
 * outer and inner are the dimensions before and after it.
 */
public final class Reduce {
    private Reduce() {}

    /** out[0] = sum of a. Summed in double so that long sums do not lose small terms. */
    public static void sum(float[] out, float[] a, int n) {
        double acc = 0;
        for (int i = 0; i < n; i++) acc += a[i];
        out[0] = (float) acc;
    }

    /** Backward of sum (scaled by c; c = 1/n for mean): da += c * dout[0]. */
    public static void sumBackward(float[] da, float[] dout, float c, int n) {
        float g = c * dout[0];
        for (int i = 0; i < n; i++) da[i] += g;
    }

    /** out (outer, inner) = sum over D of a (outer, D, inner). */
    public static void sumDim(float[] out, float[] a, int outer, int D, int inner) {
        if (inner == 1) {
            sumRows(out, a, outer, D);
            return;
        }
        for (int o = 0; o < outer; o++) {
            // whole rows of (D, inner) added in turn: reads a in order (summing down a column would jump
            // a row ahead every step); each sum still adds d = 0, 1, ... in order
            int row = o * inner;
            for (int i = 0; i < inner; i++) out[row + i] = 0f;
            for (int d = 0; d < D; d++) {
                int in = (o * D + d) * inner;
                for (int i = 0; i < inner; i++) out[row + i] += a[in + i];
            }
        }
    }

    /**
     * out[o] = the sum of row o of a (outer, D), d = 0, 1, ... in order. Four rows at a time: each add
     * waits for the one before it in its row, so one row alone keeps the adder waiting; four rows keep
     * it busy (four times faster on short rows, such as the 28 pixels of an image row), same sums.
     */
    private static void sumRows(float[] out, float[] a, int outer, int D) {
        int o = 0;
        for (; o + 4 <= outer; o += 4) {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int d = 0, r = o * D; d < D; d++, r++) {
                s0 += a[r];
                s1 += a[r + D];
                s2 += a[r + 2 * D];
                s3 += a[r + 3 * D];
            }
            out[o] = s0; out[o + 1] = s1; out[o + 2] = s2; out[o + 3] = s3;
        }
        for (; o < outer; o++) {
            float acc = 0f;
            for (int d = 0; d < D; d++) acc += a[o * D + d];
            out[o] = acc;
        }
    }

    /** Backward of sumDim (scaled by c; c = 1/D for mean): da (outer, D, inner) += c * dout (outer, inner). */
    public static void sumDimBackward(float[] da, float[] dout, float c, int outer, int D, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int d = 0; d < D; d++) {
                for (int i = 0; i < inner; i++) da[(o * D + d) * inner + i] += c * dout[o * inner + i];
            }
        }
    }

    /** out (outer, inner) = index of the largest value along D of a (outer, D, inner); first wins ties. */
    public static void argmaxDim(float[] out, float[] a, int outer, int D, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int best = 0;
                float bestV = a[o * D * inner + i];
                for (int d = 1; d < D; d++) {
                    float v = a[(o * D + d) * inner + i];
                    if (v > bestV) {
                        bestV = v;
                        best = d;
                    }
                }
                out[o * inner + i] = best;
            }
        }
    }
}
