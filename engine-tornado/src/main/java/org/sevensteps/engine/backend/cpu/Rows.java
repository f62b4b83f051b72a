package org.sevensteps.engine.backend.cpu;

import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The row moves of the CPU convolution, on the Vector API: rows copied between two layouts, and rows
 * split into their even and odd pixels (the stride-2 phase planes, see {@link CpuConv}) and merged
 * back. The rows are short (4 to 28 floats), so a scalar loop spends more on its loop and bounds
 * checks than on the moves; masked vectors cover a row in one or two steps.
 */
final class Rows {
    private Rows() {}

    private static final VectorSpecies<Float> S = CpuMatmul.S;
    private static final int L = CpuMatmul.L;

    // lane indexes into the 2L values (a, b) for FloatVector.selectFrom(a, b)
    private static final FloatVector EVENS = lanes(i -> 2 * i), ODDS = lanes(i -> 2 * i + 1);
    // interleave: e0 o0 e1 o1 ... from (e, o): the first L values, then the next L
    private static final FloatVector FIRST = lanes(i -> i % 2 == 0 ? i / 2 : L + i / 2), SECOND = lanes(i -> L / 2 + (i % 2 == 0 ? i / 2 : L + i / 2));

    private static FloatVector lanes(IntUnaryOperator index) {
        float[] v = new float[L];
        for (int i = 0; i < L; i++) v[i] = index.applyAsInt(i);
        return FloatVector.fromArray(S, v, 0);
    }

    /**
     * For r < rows: dst[at + r·dstStep .. + width) = src[from + r·srcStep .. + n) followed by
     * width - n zeros (n <= width).
     */
    static void copy(float[] src, int from, int srcStep, int n, float[] dst, int at, int dstStep, int width, int rows) {
        for (int j = 0; j < width; j += L) {
            long read = lanes(n - j), write = lanes(width - j);
            for (int r = 0, s = from + j, d = at + j; r < rows; r++, s += srcStep, d += dstStep) {
                if (s + L <= src.length && d + L <= dst.length) copyStep(src, s, read, dst, d, write);
                else for (int i = 0; i < Math.min(L, width - j); i++) dst[d + i] = j + i < n ? src[s + i] : 0f;
            }
        }
    }

    /**
     * Splits rows of n pixels into their even and odd pixels: for r < rows, with x_r the row at
     * x[from + r·n], to[base + evenAt[r] + m] = x_r[2m] and to[base + oddAt[r] + m] = x_r[2m + 1].
     */
    static void split(float[] x, int from, int n, int rows, float[] to, int base, int[] evenAt, int[] oddAt) {
        for (int j = 0; j < n; j += 2 * L) {
            int m = j / 2;
            long a = lanes(n - j), b = lanes(n - j - L), evens = lanes((n + 1) / 2 - m), odds = lanes(n / 2 - m);
            for (int r = 0; r < rows; r++) {
                int at = from + r * n + j, e = base + evenAt[r] + m, o = base + oddAt[r] + m;
                if (at + 2 * L <= x.length && e + L <= to.length && o + L <= to.length) splitStep(x, at, a, b, to, e, evens, o, odds);
                else for (int i = 0; i < 2 * L && j + i < n; i++) to[(i % 2 == 0 ? e : o) + i / 2] = x[at + i];
            }
        }
    }

    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * Backward of {@link #split}: x_r[2m] += to[base + evenAt[r] + m], x_r[2m + 1] += to[base + oddAt[r] + m].
     * The rows are first interleaved into a scratch array with whole-vector stores, then added to x in
     * one contiguous pass: adding row by row with masked loads and stores made each row's load wait for
     * the previous row's store, which it overlaps (a masked store cannot forward to a later load).
     */
    static void merge(float[] x, int from, int n, int rows, float[] to, int base, int[] evenAt, int[] oddAt) {
        float[][] holder = ROWS.get();
        if (holder[0].length < rows * n + 2 * L) holder[0] = new float[rows * n + 2 * L];
        float[] pixels = holder[0];
        for (int r = 0; r < rows; r++) { // in address order: each store overwrites what the one before wrote past its row
            for (int j = 0; j < n; j += 2 * L) {
                int m = j / 2, at = r * n + j, e = base + evenAt[r] + m, o = base + oddAt[r] + m;
                if (e + L <= to.length && o + L <= to.length) interleaveStep(pixels, at, to, e, lanes((n + 1) / 2 - m), o, lanes(n / 2 - m));
                else for (int i = 0; i < 2 * L && j + i < n; i++) pixels[at + i] = to[(i % 2 == 0 ? e : o) + i / 2];
            }
        }
        int total = rows * n, i = 0;
        for (; i + L <= total; i += L) addStep(x, from + i, pixels, i);
        for (; i < total; i++) x[from + i] += pixels[i];
    }
    /** The mask of the first k lanes (none for k <= 0, all for k >= L), as bits. */
    private static long lanes(int k) {
        return (1L << Math.clamp(k, 0, L)) - 1; // L <= 16 for floats
    }

    // The loop bodies are methods of their own, with masks passed as bits: C1 runs out of registers on
    // the Vector API calls of a whole loop (and a method C1 cannot compile may never reach C2, whose
    // intrinsics make it fast), and a mask passed as an object costs a conversion on every call. The
    // callers take the scalar path near the end of an array: a masked access whose vector reaches past
    // the end is legal but leaves the intrinsic for a slow path that also makes C2 recompile.
    private static void copyStep(float[] src, int s, long read, float[] dst, int d, long write) {
        FloatVector.fromArray(S, src, s, VectorMask.fromLong(S, read)).intoArray(dst, d, VectorMask.fromLong(S, write));
    }

    private static void splitStep(float[] x, int at, long a, long b, float[] to, int evenAt, long evens, int oddAt, long odds) {
        FloatVector va = FloatVector.fromArray(S, x, at, VectorMask.fromLong(S, a));
        FloatVector vb = FloatVector.fromArray(S, x, at + L, VectorMask.fromLong(S, b));
        EVENS.selectFrom(va, vb).intoArray(to, evenAt, VectorMask.fromLong(S, evens));
        ODDS.selectFrom(va, vb).intoArray(to, oddAt, VectorMask.fromLong(S, odds));
    }

    // whole vectors: the next row overwrites what this one wrote past its end
    private static void interleaveStep(float[] pixels, int at, float[] to, int evenAt, long evens, int oddAt, long odds) {
        FloatVector e = FloatVector.fromArray(S, to, evenAt, VectorMask.fromLong(S, evens));
        FloatVector o = FloatVector.fromArray(S, to, oddAt, VectorMask.fromLong(S, odds));
        FIRST.selectFrom(e, o).intoArray(pixels, at);
        SECOND.selectFrom(e, o).intoArray(pixels, at + L);
    }

    private static void addStep(float[] x, int at, float[] pixels, int i) {
        FloatVector.fromArray(S, x, at).add(FloatVector.fromArray(S, pixels, i)).intoArray(x, at);
    }
}
