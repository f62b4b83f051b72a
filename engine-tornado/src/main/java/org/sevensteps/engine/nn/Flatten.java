package org.sevensteps.engine.nn;

import org.sevensteps.engine.tensor.Tensor;

/** (B, ...) into (B, rest): keeps the batch dimension, joins the others. */
public record Flatten() implements Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.view(x.size(0), -1);
    }
}
