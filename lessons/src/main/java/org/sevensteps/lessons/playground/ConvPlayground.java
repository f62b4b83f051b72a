package org.sevensteps.lessons.playground;

import org.sevensteps.engine.autograd.NnOps;
import org.sevensteps.engine.autograd.NoGrad;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Lesson 7's first widget: one 3×3 filter slid over one real digit by the engine's {@code conv2d},
 * with the stride and padding the student picks, and the size of what comes out.
 */
public final class ConvPlayground {
    private ConvPlayground() {}

    /** Hand-made filters: what a first convolution layer often ends up learning by itself. */
    public enum Filter {
        /** Dark above, bright below: the top edge of a white stroke on black. */
        TOP_EDGE("top edges", -1, -1, -1, 0, 0, 0, 1, 1, 1),
        /** Dark on the left, bright on the right: the left edge of a stroke. */
        LEFT_EDGE("left edges", -1, 0, 1, -1, 0, 1, -1, 0, 1),
        /** Bright along one diagonal, dark off it: strokes that run from top left to bottom right. */
        DIAGONAL("diagonal strokes", 1, -1, -1, -1, 1, -1, -1, -1, 1),
        /** The mean of the nine pixels: a blur, which finds no edge at all. */
        BLUR("blur (the mean of 9 pixels)", 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f);

        /** What the filter finds, in words. */
        public final String title;
        private final float[] weights;

        Filter(String title, float... weights) {
            this.title = title;
            this.weights = weights;
        }

        /** The nine weights, row by row. */
        public float[] weights() {
            return weights.clone();
        }
    }

    /** A filtered image: {@code side}² values, row by row (negative where the filter found the opposite). */
    public record Output(float[] values, int side) {}

    /** The side of a convolution's output: (side + 2·padding − kernel) ÷ stride + 1, rounded down. */
    public static int outputSide(int side, int kernel, int stride, int padding) {
        return Math.floorDiv(side + 2 * padding - kernel, stride) + 1;
    }

    /**
     * Slides the 3×3 {@code filter} over the {@code side}×{@code side} {@code image} (as
     * {@code F.conv2d(image[None,None], filter[None,None], stride=stride, padding=padding)}).
     */
    public static Output apply(float[] image, int side, float[] filter, int stride, int padding) {
        if (image.length != side * side) throw new IllegalArgumentException("the image has " + image.length + " pixels, not " + side + "²");
        if (filter.length != 9) throw new IllegalArgumentException("a 3×3 filter has 9 weights, not " + filter.length);
        if (stride < 1 || padding < 0 || outputSide(side, 3, stride, padding) < 1) {
            throw new IllegalArgumentException("stride " + stride + " and padding " + padding + " leave nothing of a " + side + "² image");
        }
        Tensor out;
        try (NoGrad off = NoGrad.scope()) {
            out = NnOps.conv2d(Tensor.of(image.clone(), 1, 1, side, side), Tensor.of(filter.clone(), 1, 1, 3, 3), null, stride, padding);
        }
        return new Output(out.data(), out.size(2));
    }
}
