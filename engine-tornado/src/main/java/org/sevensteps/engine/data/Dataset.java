package org.sevensteps.engine.data;

import org.sevensteps.engine.tensor.Shape;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Inputs x (N, ...) and targets y (N, ...): sample i is row i of each.
 *
 * @param x inputs, one row per sample (e.g. (N,784) or (N,1,28,28))
 * @param y targets, one row per sample (e.g. (N) class indices, or (N,1) zeros and ones)
 */
public record Dataset(Tensor x, Tensor y) {
    public Dataset {
        if (x.size(0) != y.size(0))
            throw new IllegalArgumentException("x has " + x.size(0) + " rows but y has " + y.size(0) + " (shapes "
                    + Shape.str(x.shape()) + ", " + Shape.str(y.shape()) + ")");
    }

    /** Number of samples. */
    public int size() {
        return x.size(0);
    }
}
