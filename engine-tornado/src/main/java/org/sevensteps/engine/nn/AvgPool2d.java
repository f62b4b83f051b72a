package org.sevensteps.engine.nn;

import org.sevensteps.engine.autograd.NnOps;
import org.sevensteps.engine.tensor.Tensor;

/** Averages K×K windows, K apart (PyTorch's default stride = kernel size). */
public record AvgPool2d(int kernel) implements Module {
    @Override
    public Tensor forward(Tensor x) {
        return NnOps.avgPool2d(x, kernel, kernel);
    }
}
