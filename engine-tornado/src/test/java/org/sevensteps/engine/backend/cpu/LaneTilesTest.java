package org.sevensteps.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tile moves of the lane convolution: the vector transposes (used where vectors have 16 or 8 lanes)
 * against the scalar one (used elsewhere), on whole and partial tiles, copied and added. The build
 * runs it twice, the second time with 8-float vectors (AVX2).
 */
class LaneTilesTest {
    private static final int L = CpuMatmul.L;

    @Test
    void theVectorMoveEqualsTheScalarOne() {
        Random random = new Random(7);
        int[][] shapes = {{L, L, L, L}, {L, L, L - 7, L - 5}, {L, 7, 7, L}, {5, L, L, 5}, {3, L - 7, L - 7, 3}, {L, 1, 1, L}};
        for (int[] shape : shapes)
            for (boolean add : new boolean[] {false, true}) {
                int rows = shape[0], width = shape[1], outRows = shape[2], outWidth = shape[3];
                float[] src = new float[40 * L];
                for (int i = 0; i < src.length; i++) src[i] = random.nextFloat();
                // rows scattered over src, the last one at its very end (the scalar path near an array's end)
                int[] srcAt = new int[L], dstAt = new int[L];
                for (int i = 0; i < L; i++) srcAt[i] = i == rows - 1 ? src.length - width : i * 2 * L + i % 3;
                for (int j = 0; j < L; j++) dstAt[j] = j == outRows - 1 ? 30 * L - outWidth : j * (L + 5);
                float[] expected = new float[30 * L], actual = new float[30 * L];
                for (int i = 0; i < expected.length; i++) expected[i] = actual[i] = random.nextFloat();
                LaneTiles.scalar(src, srcAt, rows, width, expected, dstAt, outRows, outWidth, add);
                LaneTiles.move(src, srcAt, rows, width, actual, dstAt, outRows, outWidth, add);
                assertArrayEquals(expected, actual, "rows " + rows + " width " + width + " add " + add);
            }
    }
}
