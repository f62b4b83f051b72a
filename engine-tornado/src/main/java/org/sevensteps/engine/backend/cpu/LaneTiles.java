package org.sevensteps.engine.backend.cpu;

import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Moves images in and out of the vector lanes ({@link CpuConv}): an L×L tile is read as L rows,
 * transposed in registers, and written as L rows. With 16 lanes (AVX-512) the transpose is four
 * rounds of two-vector lane selections, 64 in all for 256 floats (with 8 lanes, AVX2, three rounds);
 * a gather would load one float per lane (about 4 cycles a float on the machine measured). Other
 * vector widths take a scalar path.
 */
final class LaneTiles {
    private LaneTiles() {}

    private static final VectorSpecies<Float> S = CpuMatmul.S;
    private static final int L = CpuMatmul.L;

    // round b swaps the off-diagonal b×b blocks of every 2b×2b block: rows r and r + b (r & b == 0)
    // become LOW.selectFrom(row r, row r + b) and HIGH.selectFrom(row r, row r + b)
    // (on the floats' bits as ints: a float index vector is converted to ints at every selection)
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, S.vectorShape());
    private static final IntVector LOW8 = low(8), HIGH8 = high(8), LOW4 = low(4), HIGH4 = high(4);
    private static final IntVector LOW2 = low(2), HIGH2 = high(2), LOW1 = low(1), HIGH1 = high(1);

    private static IntVector low(int b) {
        return lanes(j -> (j & b) == 0 ? j : L + (j ^ b));
    }

    private static IntVector high(int b) {
        return lanes(j -> (j & b) == 0 ? j ^ b : L + j);
    }

    private static IntVector lanes(IntUnaryOperator index) {
        int[] v = new int[L];
        for (int i = 0; i < v.length; i++) v[i] = index.applyAsInt(i) % (2 * L); // (LOW8, HIGH8: only used with L = 16)
        return IntVector.fromArray(INTS, v, 0);
    }

    /**
     * For i < rows, row i of the tile is src[srcAt[i] .. + width) followed by zeros (the rows from
     * {@code rows} on are zeros). Then for j < outRows: dst[dstAt[j] .. + outWidth) = column j of the
     * tile (its first outWidth values), or += when {@code add}.
     */
    static void move(float[] src, int[] srcAt, int rows, int width, float[] dst, int[] dstAt, int outRows, int outWidth, boolean add) {
        if (L != 16 && L != 8) { scalar(src, srcAt, rows, width, dst, dstAt, outRows, outWidth, add); return; }
        boolean wholeIn = rows == L && width == L, wholeOut = outRows == L && outWidth == L && !add;
        if (wholeIn && wholeOut) { transpose(src, srcAt, dst, dstAt); return; } // most tiles
        // partial rows and adds go through a tile in L1 (with the masked moves in the same method as
        // the transpose, C2 kept its vectors boxed)
        float[] tile = TILE.get();
        if (wholeIn) transpose(src, srcAt, tile, TILE_ROWS);
        else {
            long in = mask(width);
            for (int i = 0; i < L; i++) load(src, i < rows ? srcAt[i] : -1, in, tile, i * L);
            transpose(tile, TILE_ROWS, tile, TILE_ROWS);
        }
        long out = mask(outWidth);
        for (int j = 0; j < outRows; j++) store(tile, j * L, dst, dstAt[j], out, add);
    }

    private static final int[] TILE_ROWS = java.util.stream.IntStream.range(0, L).map(i -> i * L).toArray();

    private static void transpose(float[] src, int[] srcAt, float[] dst, int[] dstAt) {
        if (L == 16) transpose16(src, srcAt, dst, dstAt);
        else transpose8(src, srcAt, dst, dstAt);
    }

    /** dst[dstAt[j] ..+8) = column j of the 8×8 tile whose row i is src[srcAt[i] ..+8) (all loaded before any store). */
    private static void transpose8(float[] src, int[] srcAt, float[] dst, int[] dstAt) {
        IntVector v0 = FloatVector.fromArray(S, src, srcAt[0]).reinterpretAsInts(), v1 = FloatVector.fromArray(S, src, srcAt[1]).reinterpretAsInts();
        IntVector v2 = FloatVector.fromArray(S, src, srcAt[2]).reinterpretAsInts(), v3 = FloatVector.fromArray(S, src, srcAt[3]).reinterpretAsInts();
        IntVector v4 = FloatVector.fromArray(S, src, srcAt[4]).reinterpretAsInts(), v5 = FloatVector.fromArray(S, src, srcAt[5]).reinterpretAsInts();
        IntVector v6 = FloatVector.fromArray(S, src, srcAt[6]).reinterpretAsInts(), v7 = FloatVector.fromArray(S, src, srcAt[7]).reinterpretAsInts();
        IntVector t;
        t = LOW4.selectFrom(v0, v4); v4 = HIGH4.selectFrom(v0, v4); v0 = t;
        t = LOW4.selectFrom(v1, v5); v5 = HIGH4.selectFrom(v1, v5); v1 = t;
        t = LOW4.selectFrom(v2, v6); v6 = HIGH4.selectFrom(v2, v6); v2 = t;
        t = LOW4.selectFrom(v3, v7); v7 = HIGH4.selectFrom(v3, v7); v3 = t;
        t = LOW2.selectFrom(v0, v2); v2 = HIGH2.selectFrom(v0, v2); v0 = t;
        t = LOW2.selectFrom(v1, v3); v3 = HIGH2.selectFrom(v1, v3); v1 = t;
        t = LOW2.selectFrom(v4, v6); v6 = HIGH2.selectFrom(v4, v6); v4 = t;
        t = LOW2.selectFrom(v5, v7); v7 = HIGH2.selectFrom(v5, v7); v5 = t;
        t = LOW1.selectFrom(v0, v1); v1 = HIGH1.selectFrom(v0, v1); v0 = t;
        t = LOW1.selectFrom(v2, v3); v3 = HIGH1.selectFrom(v2, v3); v2 = t;
        t = LOW1.selectFrom(v4, v5); v5 = HIGH1.selectFrom(v4, v5); v4 = t;
        t = LOW1.selectFrom(v6, v7); v7 = HIGH1.selectFrom(v6, v7); v6 = t;
        v0.reinterpretAsFloats().intoArray(dst, dstAt[0]); v1.reinterpretAsFloats().intoArray(dst, dstAt[1]);
        v2.reinterpretAsFloats().intoArray(dst, dstAt[2]); v3.reinterpretAsFloats().intoArray(dst, dstAt[3]);
        v4.reinterpretAsFloats().intoArray(dst, dstAt[4]); v5.reinterpretAsFloats().intoArray(dst, dstAt[5]);
        v6.reinterpretAsFloats().intoArray(dst, dstAt[6]); v7.reinterpretAsFloats().intoArray(dst, dstAt[7]);
    }
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[L * L]);

    /** dst[dstAt[j] ..+16) = column j of the 16×16 tile whose row i is src[srcAt[i] ..+16) (all loaded before any store). */
    private static void transpose16(float[] src, int[] srcAt, float[] dst, int[] dstAt) {
        IntVector v0 = FloatVector.fromArray(S, src, srcAt[0]).reinterpretAsInts(), v1 = FloatVector.fromArray(S, src, srcAt[1]).reinterpretAsInts();
        IntVector v2 = FloatVector.fromArray(S, src, srcAt[2]).reinterpretAsInts(), v3 = FloatVector.fromArray(S, src, srcAt[3]).reinterpretAsInts();
        IntVector v4 = FloatVector.fromArray(S, src, srcAt[4]).reinterpretAsInts(), v5 = FloatVector.fromArray(S, src, srcAt[5]).reinterpretAsInts();
        IntVector v6 = FloatVector.fromArray(S, src, srcAt[6]).reinterpretAsInts(), v7 = FloatVector.fromArray(S, src, srcAt[7]).reinterpretAsInts();
        IntVector v8 = FloatVector.fromArray(S, src, srcAt[8]).reinterpretAsInts(), v9 = FloatVector.fromArray(S, src, srcAt[9]).reinterpretAsInts();
        IntVector v10 = FloatVector.fromArray(S, src, srcAt[10]).reinterpretAsInts(), v11 = FloatVector.fromArray(S, src, srcAt[11]).reinterpretAsInts();
        IntVector v12 = FloatVector.fromArray(S, src, srcAt[12]).reinterpretAsInts(), v13 = FloatVector.fromArray(S, src, srcAt[13]).reinterpretAsInts();
        IntVector v14 = FloatVector.fromArray(S, src, srcAt[14]).reinterpretAsInts(), v15 = FloatVector.fromArray(S, src, srcAt[15]).reinterpretAsInts();
        IntVector t;
        t = LOW8.selectFrom(v0, v8); v8 = HIGH8.selectFrom(v0, v8); v0 = t;
        t = LOW8.selectFrom(v1, v9); v9 = HIGH8.selectFrom(v1, v9); v1 = t;
        t = LOW8.selectFrom(v2, v10); v10 = HIGH8.selectFrom(v2, v10); v2 = t;
        t = LOW8.selectFrom(v3, v11); v11 = HIGH8.selectFrom(v3, v11); v3 = t;
        t = LOW8.selectFrom(v4, v12); v12 = HIGH8.selectFrom(v4, v12); v4 = t;
        t = LOW8.selectFrom(v5, v13); v13 = HIGH8.selectFrom(v5, v13); v5 = t;
        t = LOW8.selectFrom(v6, v14); v14 = HIGH8.selectFrom(v6, v14); v6 = t;
        t = LOW8.selectFrom(v7, v15); v15 = HIGH8.selectFrom(v7, v15); v7 = t;

        t = LOW4.selectFrom(v0, v4); v4 = HIGH4.selectFrom(v0, v4); v0 = t;
        t = LOW4.selectFrom(v1, v5); v5 = HIGH4.selectFrom(v1, v5); v1 = t;
        t = LOW4.selectFrom(v2, v6); v6 = HIGH4.selectFrom(v2, v6); v2 = t;
        t = LOW4.selectFrom(v3, v7); v7 = HIGH4.selectFrom(v3, v7); v3 = t;
        t = LOW4.selectFrom(v8, v12); v12 = HIGH4.selectFrom(v8, v12); v8 = t;
        t = LOW4.selectFrom(v9, v13); v13 = HIGH4.selectFrom(v9, v13); v9 = t;
        t = LOW4.selectFrom(v10, v14); v14 = HIGH4.selectFrom(v10, v14); v10 = t;
        t = LOW4.selectFrom(v11, v15); v15 = HIGH4.selectFrom(v11, v15); v11 = t;

        t = LOW2.selectFrom(v0, v2); v2 = HIGH2.selectFrom(v0, v2); v0 = t;
        t = LOW2.selectFrom(v1, v3); v3 = HIGH2.selectFrom(v1, v3); v1 = t;
        t = LOW2.selectFrom(v4, v6); v6 = HIGH2.selectFrom(v4, v6); v4 = t;
        t = LOW2.selectFrom(v5, v7); v7 = HIGH2.selectFrom(v5, v7); v5 = t;
        t = LOW2.selectFrom(v8, v10); v10 = HIGH2.selectFrom(v8, v10); v8 = t;
        t = LOW2.selectFrom(v9, v11); v11 = HIGH2.selectFrom(v9, v11); v9 = t;
        t = LOW2.selectFrom(v12, v14); v14 = HIGH2.selectFrom(v12, v14); v12 = t;
        t = LOW2.selectFrom(v13, v15); v15 = HIGH2.selectFrom(v13, v15); v13 = t;

        t = LOW1.selectFrom(v0, v1); v1 = HIGH1.selectFrom(v0, v1); v0 = t;
        t = LOW1.selectFrom(v2, v3); v3 = HIGH1.selectFrom(v2, v3); v2 = t;
        t = LOW1.selectFrom(v4, v5); v5 = HIGH1.selectFrom(v4, v5); v4 = t;
        t = LOW1.selectFrom(v6, v7); v7 = HIGH1.selectFrom(v6, v7); v6 = t;
        t = LOW1.selectFrom(v8, v9); v9 = HIGH1.selectFrom(v8, v9); v8 = t;
        t = LOW1.selectFrom(v10, v11); v11 = HIGH1.selectFrom(v10, v11); v10 = t;
        t = LOW1.selectFrom(v12, v13); v13 = HIGH1.selectFrom(v12, v13); v12 = t;
        t = LOW1.selectFrom(v14, v15); v15 = HIGH1.selectFrom(v14, v15); v14 = t;

        v0.reinterpretAsFloats().intoArray(dst, dstAt[0]); v1.reinterpretAsFloats().intoArray(dst, dstAt[1]); v2.reinterpretAsFloats().intoArray(dst, dstAt[2]); v3.reinterpretAsFloats().intoArray(dst, dstAt[3]);
        v4.reinterpretAsFloats().intoArray(dst, dstAt[4]); v5.reinterpretAsFloats().intoArray(dst, dstAt[5]); v6.reinterpretAsFloats().intoArray(dst, dstAt[6]); v7.reinterpretAsFloats().intoArray(dst, dstAt[7]);
        v8.reinterpretAsFloats().intoArray(dst, dstAt[8]); v9.reinterpretAsFloats().intoArray(dst, dstAt[9]); v10.reinterpretAsFloats().intoArray(dst, dstAt[10]); v11.reinterpretAsFloats().intoArray(dst, dstAt[11]);
        v12.reinterpretAsFloats().intoArray(dst, dstAt[12]); v13.reinterpretAsFloats().intoArray(dst, dstAt[13]); v14.reinterpretAsFloats().intoArray(dst, dstAt[14]); v15.reinterpretAsFloats().intoArray(dst, dstAt[15]);
    }

    /** The mask of the first k lanes (all for k >= L), as bits. */
    private static long mask(int k) {
        return k >= L ? -1L >>> (64 - L) : (1L << k) - 1;
    }

    // masks are passed as bits (a mask object costs a conversion per call); a full row is a plain
    // access, and a masked access near an array's end goes scalar (past the end it leaves the intrinsic)

    /** tile[t ..+L) = src[at ..] under the mask (zeros elsewhere); zeros for at < 0. */
    private static void load(float[] src, int at, long in, float[] tile, int t) {
        if (at < 0) FloatVector.zero(S).intoArray(tile, t);
        else if (in == mask(L)) FloatVector.fromArray(S, src, at).intoArray(tile, t);
        else if (at + L <= src.length) FloatVector.fromArray(S, src, at, VectorMask.fromLong(S, in)).intoArray(tile, t);
        else for (int l = 0; l < L; l++) tile[t + l] = (in >>> l & 1) != 0 ? src[at + l] : 0f;
    }

    /** dst[at ..] = (or +=) tile[t ..+L) under the mask. */
    private static void store(float[] tile, int t, float[] dst, int at, long out, boolean add) {
        FloatVector v = FloatVector.fromArray(S, tile, t);
        if (out == mask(L)) {
            (add ? v.add(FloatVector.fromArray(S, dst, at)) : v).intoArray(dst, at);
        } else if (at + L <= dst.length) {
            VectorMask<Float> m = VectorMask.fromLong(S, out);
            (add ? v.add(FloatVector.fromArray(S, dst, at, m)) : v).intoArray(dst, at, m);
        } else {
            for (int l = 0; (out >>> l & 1) != 0; l++) dst[at + l] = (add ? dst[at + l] : 0f) + tile[t + l];
        }
    }

    /** The same move, one float at a time. */
    static void scalar(float[] src, int[] srcAt, int rows, int width, float[] dst, int[] dstAt, int outRows, int outWidth, boolean add) {
        for (int j = 0; j < outRows; j++)
            for (int i = 0; i < outWidth; i++) {
                float v = i < rows && j < width ? src[srcAt[i] + j] : 0f;
                dst[dstAt[j] + i] = (add ? dst[dstAt[j] + i] : 0f) + v;
            }
    }
}
