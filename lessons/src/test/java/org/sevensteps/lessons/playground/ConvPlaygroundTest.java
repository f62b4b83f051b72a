package org.sevensteps.lessons.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

class ConvPlaygroundTest {

    @Test
    void theSourcesThreeLayersShrinkTwentyEightToFour() {
        int side = 28;
        int[] expected = {14, 7, 4};
        for (int e : expected) {
            side = ConvPlayground.outputSide(side, 3, 2, 1);
            assertEquals(e, side);
        }
        assertEquals(26, ConvPlayground.outputSide(28, 3, 1, 0), "no padding: the border is lost");
        assertEquals(28, ConvPlayground.outputSide(28, 3, 1, 1), "padding 1 keeps the size");
    }

    @Test
    void theEngineAgreesWithTheLoopsOfTheDefinition() {
        float[] image = Tensor.randn(new Rng(3), 28 * 28).data();
        float[] filter = Tensor.randn(new Rng(4), 9).data();
        for (int stride = 1; stride <= 2; stride++) {
            for (int pad = 0; pad <= 1; pad++) {
                ConvPlayground.Output out = ConvPlayground.apply(image, 28, filter, stride, pad);
                int n = ConvPlayground.outputSide(28, 3, stride, pad);
                assertEquals(n, out.side());
                float[] want = new float[n * n];
                for (int oy = 0; oy < n; oy++) for (int ox = 0; ox < n; ox++) {
                    float sum = 0;
                    for (int ky = 0; ky < 3; ky++) for (int kx = 0; kx < 3; kx++) {
                        int y = oy * stride - pad + ky, x = ox * stride - pad + kx;
                        if (y >= 0 && y < 28 && x >= 0 && x < 28) sum += image[y * 28 + x] * filter[ky * 3 + kx];
                    }
                    want[oy * n + ox] = sum;
                }
                assertArrayEquals(want, out.values(), 1e-4f, "stride " + stride + ", padding " + pad);
            }
        }
    }

    @Test
    void theTopEdgeFilterLightsUpAboveABarAndGoesNegativeBelowIt() {
        float[] image = new float[28 * 28];
        for (int x = 4; x < 24; x++) for (int y = 10; y < 14; y++) image[y * 28 + x] = 1; // a white bar, rows 10-13
        ConvPlayground.Output out = ConvPlayground.apply(image, 28, ConvPlayground.Filter.TOP_EDGE.weights(), 1, 1);
        assertEquals(3f, out.values()[9 * 28 + 14], 1e-6, "just above the bar: dark above, bright below");
        assertEquals(-3f, out.values()[14 * 28 + 14], 1e-6, "just below it: the opposite");
        assertEquals(0f, out.values()[11 * 28 + 14], 1e-6, "inside the bar nothing changes from row to row");
        assertTrue(ConvPlayground.Filter.LEFT_EDGE.weights()[2] > 0);
    }

    @Test
    void aStrideThatLeavesNothingIsRefusedWithAMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> ConvPlayground.apply(new float[4], 2, new float[9], 1, 0));
        assertTrue(e.getMessage().contains("leave nothing"), e.getMessage());
    }
}
