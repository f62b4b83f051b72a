package org.sevensteps.engine.nn;

import java.util.List;
import org.sevensteps.engine.tensor.Tensor;

/** A layer or a model: a function of its input with trainable parameters. */
public interface Module {

    /** The output for input {@code x}; records the graph when a parameter requires grad. */
    Tensor forward(Tensor x);

    /** The trainable tensors, in a fixed order (what an optimizer updates). Empty by default. */
    default List<Tensor> parameters() {
        return List.of();
    }

    /** Total number of trainable values. */
    default int parameterCount() {
        int n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }
}
