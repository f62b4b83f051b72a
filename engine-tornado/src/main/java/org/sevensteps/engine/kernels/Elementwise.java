package org.sevensteps.engine.kernels;

/**
 * Elementwise kernels over {@code n} elements of same-shaped buffers, each forward next to its
 * backward. Broadcasting is not done here: the {@code expand} op first gathers the smaller operand
 * to the full shape ({@link #gather}), and its backward sums the gradient back ({@link #scatterAdd}).
 */
public final class Elementwise {
    private Elementwise() {}

    /** out[i] = a[index[i]]: materialises a broadcast. */
    public static void gather(float[] out, float[] a, int[] index, int n) {
        for (int i = 0; i < n; i++) out[i] = a[index[i]];
    }

    /** da[index[i]] += dout[i]: sums the gradient over the broadcast dimensions. */
    public static void scatterAdd(float[] da, float[] dout, int[] index, int n) {
        for (int i = 0; i < n; i++) da[index[i]] += dout[i];
    }

    /** out = a + b. */
    public static void add(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] + b[i];
    }

    /** da += dout. Backward of add for either operand (and of anything whose local derivative is 1). */
    public static void accumulate(float[] da, float[] dout, int n) {
        for (int i = 0; i < n; i++) accumulateAt(da, dout, i);
    }

    /** One element of {@link #accumulate}. */
    public static void accumulateAt(float[] da, float[] dout, int i) {
        da[i] += dout[i];
    }

    /** out = a - b. */
    public static void sub(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] - b[i];
    }

    /** da += c * dout. Backward of sub (c = -1 for b) and of scaling by c. */
    public static void accumulateScaled(float[] da, float[] dout, float c, int n) {
        for (int i = 0; i < n; i++) da[i] += c * dout[i];
    }

    /** out = a * b. */
    public static void mul(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
    }

    /** da += dout * b. Backward of {@code out = a * b} for a (swap a and b for b). */
    public static void mulBackward(float[] da, float[] dout, float[] b, int n) {
        for (int i = 0; i < n; i++) da[i] += dout[i] * b[i];
    }

    /** out = a / b. */
    public static void div(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] / b[i];
    }

    /** Backward of {@code out = a / b}: da += dout / b; db += -dout * a / b². */
    public static void divBackward(float[] da, float[] db, float[] dout, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            float inv = 1f / b[i];
            da[i] += dout[i] * inv;
            db[i] -= dout[i] * a[i] * inv * inv;
        }
    }

    /** out = a + c. */
    public static void addScalar(float[] out, float[] a, float c, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] + c;
    }

    /** out = a * c. */
    public static void mulScalar(float[] out, float[] a, float c, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] * c;
    }

    /** out = a ^ p. */
    public static void pow(float[] out, float[] a, float p, int n) {
        for (int i = 0; i < n; i++) out[i] = (float) Math.pow(a[i], p);
    }

    /** Backward of {@code out = a ^ p}: da += dout * p * a^(p-1). */
    public static void powBackward(float[] da, float[] dout, float[] a, float p, int n) {
        for (int i = 0; i < n; i++) da[i] += dout[i] * p * (float) Math.pow(a[i], p - 1);
    }

    /** out = a². */
    public static void square(float[] out, float[] a, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] * a[i];
    }

    /** Backward of {@code out = a²}: da += 2 a dout. */
    public static void squareBackward(float[] da, float[] dout, float[] a, int n) {
        for (int i = 0; i < n; i++) da[i] += 2f * a[i] * dout[i];
    }

    /** out = √a. */
    public static void sqrt(float[] out, float[] a, int n) {
        for (int i = 0; i < n; i++) out[i] = (float) Math.sqrt(a[i]);
    }

    /** Backward of {@code out = √a}: da += dout / (2 out). */
    public static void sqrtBackward(float[] da, float[] dout, float[] out, int n) {
        for (int i = 0; i < n; i++) da[i] += dout[i] * 0.5f / out[i];
    }

    /** out = |a|. */
    public static void abs(float[] out, float[] a, int n) {
        for (int i = 0; i < n; i++) out[i] = Math.abs(a[i]);
    }

    /** Backward of {@code out = |a|}: da += sign(a) dout, with sign(0) = 0 as in PyTorch. */
    public static void absBackward(float[] da, float[] dout, float[] a, int n) {
        for (int i = 0; i < n; i++) da[i] += Math.signum(a[i]) * dout[i];
    }

    /** out = eᵃ. */
    public static void exp(float[] out, float[] a, int n) {
        for (int i = 0; i < n; i++) out[i] = (float) Math.exp(a[i]);
    }

    /** out = ln a. */
    public static void log(float[] out, float[] a, int n) {
        for (int i = 0; i < n; i++) out[i] = (float) Math.log(a[i]);
    }

    /** Backward of {@code out = ln a}: da += dout / a. */
    public static void logBackward(float[] da, float[] dout, float[] a, int n) {
        for (int i = 0; i < n; i++) da[i] += dout[i] / a[i];
    }

    /** out = 1 / (1 + e⁻ᵃ). */
    public static void sigmoid(float[] out, float[] a, int n) {
        for (int i = 0; i < n; i++) out[i] = (float) (1.0 / (1.0 + Math.exp(-a[i])));
    }

    /** Backward of sigmoid, from its output: da += dout * out * (1 - out). */
    public static void sigmoidBackward(float[] da, float[] dout, float[] out, int n) {
        for (int i = 0; i < n; i++) da[i] += dout[i] * out[i] * (1f - out[i]);
    }

    /** out = max(a, 0). */
    public static void relu(float[] out, float[] a, int n) {
        for (int i = 0; i < n; i++) reluAt(out, a, i);
    }

    /** One element of {@link #relu}. A GPU runs one per thread. */
    public static void reluAt(float[] out, float[] a, int i) {
        // Math.max, not a branch: on random signs a branch mispredicts half the time, max is one vector instruction
        out[i] = Math.max(a[i], 0f);
    }

    /** Backward of relu, from its output: da += dout where out > 0. */
    public static void reluBackward(float[] da, float[] dout, float[] out, int n) {
        for (int i = 0; i < n; i++) reluBackwardAt(da, dout, out, i);
    }

    /** One element of {@link #reluBackward}. */
    public static void reluBackwardAt(float[] da, float[] dout, float[] out, int i) {
        da[i] += out[i] > 0f ? dout[i] : 0f; // a select, not a branch (see relu)
    }

    /** out = cond != 0 ? a : b. */
    public static void where(float[] out, float[] cond, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = cond[i] != 0f ? a[i] : b[i];
    }

    /** Backward of where: the gradient goes to whichever side was picked. */
    public static void whereBackward(float[] da, float[] db, float[] dout, float[] cond, int n) {
        for (int i = 0; i < n; i++) {
            if (cond[i] != 0f) da[i] += dout[i];
            else db[i] += dout[i];
        }
    }

    /** out = a > b ? 1 : 0. */
    public static void gt(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] > b[i] ? 1f : 0f;
    }

    /** out = a < b ? 1 : 0. */
    public static void lt(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] < b[i] ? 1f : 0f;
    }

    /** out = a == b ? 1 : 0. */
    public static void eq(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] == b[i] ? 1f : 0f;
    }
}
