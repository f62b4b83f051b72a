package org.sevensteps.engine.nn;

import org.sevensteps.engine.tensor.Tensor;

/** max(x, 0), elementwise. */
public record ReLU() implements Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
