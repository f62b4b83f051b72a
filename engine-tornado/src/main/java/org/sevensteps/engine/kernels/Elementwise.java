package org.sevensteps.engine.kernels;

/**
 * Elementwise kernels over {@code n} elements, each forward next to its backward. The binary ones
 * take their second operand repeating (the common broadcast: a bias, a mean image); any other
 * broadcast is done by the {@code expand} op, which gathers the smaller operand to the full shape
 * ({@link #gather}) and whose backward sums the gradient back ({@link #scatterAdd}).
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

    // Binary ops: b has m elements and repeats every m elements of a (m = n: the same shape; m < n: b
    // broadcast along a's leading dimensions, as (28,28) against (N,28,28)), so no copy of b is made.

    /** out (n) = a (n) + b (m, repeating). */
    public static void add(float[] out, float[] a, float[] b, int n, int m) {
        for (int off = 0; off < n; off += m)
            for (int j = 0; j < m; j++) out[off + j] = a[off + j] + b[j];
    }

    /** da += dout. Backward of add for the full-size operand (and of anything whose local derivative is 1). */
    public static void accumulate(float[] da, float[] dout, int n) {
        for (int i = 0; i < n; i++) accumulateAt(da, dout, i);
    }

    /** One element of {@link #accumulate}. */
    public static void accumulateAt(float[] da, float[] dout, int i) {
        da[i] += dout[i];
    }

    /**
     * db (m) += c * dout (n), summed over the repeats. Backward of add (c = 1) and sub (c = -1) for the
     * repeating operand, and of scaling by c (m = n).
     */
    public static void accumulateScaled(float[] db, float[] dout, float c, int n, int m) {
        for (int off = 0; off < n; off += m)
            for (int j = 0; j < m; j++) db[j] += c * dout[off + j];
    }

    /** out (n) = a (n) - b (m, repeating). */
    public static void sub(float[] out, float[] a, float[] b, int n, int m) {
        for (int off = 0; off < n; off += m)
            for (int j = 0; j < m; j++) out[off + j] = a[off + j] - b[j];
    }

    /** out (n) = a (n) * b (m, repeating). */
    public static void mul(float[] out, float[] a, float[] b, int n, int m) {
        for (int off = 0; off < n; off += m)
            for (int j = 0; j < m; j++) out[off + j] = a[off + j] * b[j];
    }

    /** da (n) += dout * b (m, repeating). Backward of {@code out = a * b} for a. */
    public static void mulBackward(float[] da, float[] dout, float[] b, int n, int m) {
        for (int off = 0; off < n; off += m)
            for (int j = 0; j < m; j++) da[off + j] += dout[off + j] * b[j];
    }

    /** db (m) += dout * a, summed over the repeats. Backward of {@code out = a * b} for b. */
    public static void mulBackwardRepeated(float[] db, float[] dout, float[] a, int n, int m) {
        for (int off = 0; off < n; off += m)
            for (int j = 0; j < m; j++) db[j] += dout[off + j] * a[off + j];
    }

    /** out (n) = a (n) / b (m, repeating). */
    public static void div(float[] out, float[] a, float[] b, int n, int m) {
        for (int off = 0; off < n; off += m)
            for (int j = 0; j < m; j++) out[off + j] = a[off + j] / b[j];
    }

    /** Backward of {@code out = a / b}: da (n) += dout / b; db (m) += -dout * a / b², summed over the repeats. */
    public static void divBackward(float[] da, float[] db, float[] dout, float[] a, float[] b, int n, int m) {
        for (int off = 0; off < n; off += m) {
            for (int j = 0; j < m; j++) {
                float inv = 1f / b[j];
                da[off + j] += dout[off + j] * inv;
                db[j] -= dout[off + j] * a[off + j] * inv * inv;
            }
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
