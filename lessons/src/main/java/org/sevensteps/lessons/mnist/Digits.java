package org.sevensteps.lessons.mnist;

/**
 * A set of 28×28 grey-scale digits.
 *
 * @param pixels (count, 784) row-major, each pixel scaled from 0..255 to [0,1]
 * @param labels (count) the digit 0..9 of each image
 */
public record Digits(float[] pixels, byte[] labels) {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;

    public Digits {
        if (pixels.length != labels.length * PIXELS) {
            throw new IllegalArgumentException(
                    "pixels hold " + pixels.length / PIXELS + " images but there are " + labels.length + " labels");
        }
    }

    /** Number of images. */
    public int count() {
        return labels.length;
    }

    /** A copy of image {@code i}'s 784 pixels. */
    public float[] image(int i) {
        float[] out = new float[PIXELS];
        System.arraycopy(pixels, i * PIXELS, out, 0, PIXELS);
        return out;
    }

    /** The images whose label is {@code digit}, in their original order. */
    public Digits only(int digit) {
        int n = 0;
        for (byte l : labels) if (l == digit) n++;
        float[] px = new float[n * PIXELS];
        byte[] lb = new byte[n];
        for (int i = 0, j = 0; i < labels.length; i++) {
            if (labels[i] != digit) continue;
            System.arraycopy(pixels, i * PIXELS, px, j * PIXELS, PIXELS);
            lb[j++] = labels[i];
        }
        return new Digits(px, lb);
    }
}
