package org.sevensteps.engine.tensor;

import java.util.Arrays;

/** Small helpers over shapes ({@code int[]}, row-major, last dimension contiguous). */
public final class Shape {
    private Shape() {}

    /** Number of elements of a tensor with this shape (1 for a scalar, shape {@code []}). */
    public static int size(int... shape) {
        int n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + str(shape));
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Row-major strides: the step in the flat array for +1 along each dimension. */
    public static int[] strides(int... shape) {
        int[] s = new int[shape.length];
        int step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = step;
            step *= shape[i];
        }
        return s;
    }

    /** A negative dim counts from the end, as in PyTorch ({@code -1} is the last dimension). */
    public static int dim(int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) throw new IllegalArgumentException("dim " + dim + " out of range for rank " + rank);
        return d;
    }

    /** Product of the dimensions before {@code dim}. */
    public static int outer(int[] shape, int dim) {
        int n = 1;
        for (int i = 0; i < dim; i++) n *= shape[i];
        return n;
    }

    /** Product of the dimensions after {@code dim}. */
    public static int inner(int[] shape, int dim) {
        int n = 1;
        for (int i = dim + 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    /** The shape with {@code dim} removed, or set to 1 when {@code keepDim}. */
    public static int[] reduce(int[] shape, int dim, boolean keepDim) {
        if (keepDim) {
            int[] s = shape.clone();
            s[dim] = 1;
            return s;
        }
        int[] s = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != dim) s[j++] = shape[i];
        return s;
    }

    /**
     * The broadcast shape of {@code a} and {@code b} (NumPy rules: align on the right, a dimension
     * of 1 stretches), or an IllegalArgumentException naming both shapes.
     */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException("shapes " + str(a) + " and " + str(b) + " cannot be broadcast together");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each element of a tensor of shape {@code to}, the flat index of the element of {@code from}
     * that broadcasting reads. {@code from} must broadcast to {@code to}.
     */
    public static int[] broadcastIndex(int[] from, int[] to) {
        int rank = to.length, offset = rank - from.length;
        int[] fromStrides = strides(from);
        int[] step = new int[rank]; // stride in 'from' for each dim of 'to', 0 where broadcast
        for (int i = 0; i < rank; i++) {
            int f = i - offset;
            if (f < 0 || from[f] == 1) step[i] = 0;
            else if (from[f] == to[i]) step[i] = fromStrides[f];
            else throw new IllegalArgumentException("shape " + str(from) + " does not broadcast to " + str(to));
        }
        int n = size(to);
        int[] idx = new int[n];
        int[] counter = new int[rank];
        int src = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = src;
            for (int d = rank - 1; d >= 0; d--) { // odometer: bump the last dim, carry leftwards
                counter[d]++;
                src += step[d];
                if (counter[d] < to[d]) break;
                src -= step[d] * counter[d];
                counter[d] = 0;
            }
        }
        return idx;
    }

    /** Resolves one {@code -1} in a requested view shape from the element count. */
    public static int[] infer(int numel, int... shape) {
        int[] s = shape.clone();
        int unknown = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("only one dimension can be -1 in " + str(shape));
                unknown = i;
            } else known *= s[i];
        }
        if (unknown >= 0) {
            if (known == 0 || numel % known != 0)
                throw new IllegalArgumentException("cannot view " + numel + " elements as " + str(shape));
            s[unknown] = numel / known;
        }
        if (size(s) != numel) throw new IllegalArgumentException("cannot view " + numel + " elements as " + str(shape));
        return s;
    }

    /** The shape as PyTorch prints it: {@code [64, 784]}. */
    public static String str(int... shape) {
        return Arrays.toString(shape);
    }
}
