package org.sevensteps.engine.kernels;

/** Parameter updates over a flat parameter p (n) and its gradient g (n). */
public final class Optim {
    private Optim() {}

    /**
     * SGD with momentum and weight decay, PyTorch's form: g' = g + wd p; buf = momentum buf + g'
     * (buf = g' on the first step); p -= lr buf. With momentum 0 it is plain {@code p -= lr g}.
     */
    public static void sgd(float[] p, float[] buf, float[] g, float lr, float momentum, float weightDecay,
                           boolean firstStep, int n) {
        for (int i = 0; i < n; i++) sgdAt(p, buf, g, lr, momentum, weightDecay, firstStep, i);
    }

    /** One number of {@link #sgd}: p[i] moves against its gradient. A GPU runs one per thread. buf may be null when momentum is 0. */
    public static void sgdAt(float[] p, float[] buf, float[] g, float lr, float momentum, float weightDecay,
                             boolean firstStep, int i) {
        float gi = g[i] + weightDecay * p[i];
        if (momentum != 0f) {
            buf[i] = firstStep ? gi : momentum * buf[i] + gi;
            gi = buf[i];
        }
        p[i] -= lr * gi;
    }

    /**
     * Adam (Kingma and Ba, https://arxiv.org/abs/1412.6980), PyTorch's form:
     * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; p -= lr (m / bc1) / (√(v / bc2) + eps),
     * where bc1 = 1 - b1^t and bc2 = 1 - b2^t undo the zero start of m and v.
     */
    public static void adam(float[] p, float[] m, float[] v, float[] g, float lr, float b1, float b2, float eps,
                            float weightDecay, float bc1, float bc2, int n) {
        for (int i = 0; i < n; i++) adamAt(p, m, v, g, lr, b1, b2, eps, weightDecay, bc1, bc2, i);
    }

    /** One number of {@link #adam}. A GPU runs one per thread. */
    public static void adamAt(float[] p, float[] m, float[] v, float[] g, float lr, float b1, float b2, float eps,
                              float weightDecay, float bc1, float bc2, int i) {
        float gi = g[i] + weightDecay * p[i];
        m[i] = b1 * m[i] + (1f - b1) * gi;
        v[i] = b2 * v[i] + (1f - b2) * gi * gi;
        float mHat = m[i] / bc1;
        float vHat = v[i] / bc2;
        p[i] -= lr * mHat / ((float) Math.sqrt(vHat) + eps);
    }
}
