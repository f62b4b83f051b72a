package org.sevensteps.engine.loss;

import org.sevensteps.engine.tensor.Tensor;

/** A loss: a scalar tensor from predictions and targets, differentiable in the predictions. */
@FunctionalInterface
public interface Loss {
    Tensor apply(Tensor predictions, Tensor targets);
}
