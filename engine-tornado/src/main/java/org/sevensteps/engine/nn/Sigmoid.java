package org.sevensteps.engine.nn;

import org.sevensteps.engine.tensor.Tensor;

/** 1 / (1 + e⁻ˣ), elementwise. */
public record Sigmoid() implements Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
