package org.sevensteps.engine.data;

import org.sevensteps.engine.tensor.Tensor;

/** One minibatch: inputs and targets, the same number of rows. */
public record Batch(Tensor x, Tensor y) {
    /** Number of samples in this batch. */
    public int size() {
        return x.size(0);
    }
}
