package org.sevensteps.engine.nn;

import java.util.List;
import org.sevensteps.engine.autograd.NnOps;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/** y = x · Wᵀ + b: x (B,in), weight (out,in), bias (out). */
public final class Linear implements Module {
    private final Tensor weight;
    private final Tensor bias;

    /** A layer with bias, initialised like PyTorch's {@code nn.Linear} from {@code rng}. */
    public Linear(int in, int out, Rng rng) {
        this(in, out, true, rng);
    }

    /** A layer with or without bias, initialised like PyTorch's {@code nn.Linear} from {@code rng}. */
    public Linear(int in, int out, boolean bias, Rng rng) {
        this.weight = Init.uniformFanIn(rng, in, out, in);
        this.bias = bias ? Init.uniformFanIn(rng, in, out) : null;
    }

    /** A layer from given tensors (weight (out,in), bias (out) or null); they are used, not copied. */
    public Linear(Tensor weight, Tensor bias) {
        this.weight = weight;
        this.bias = bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return NnOps.linear(x, weight, bias);
    }

    @Override
    public List<Tensor> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** The weight, (out,in). */
    public Tensor weight() {
        return weight;
    }

    /** The bias, (out), or null. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Linear(" + weight.size(1) + ", " + weight.size(0) + (bias == null ? ", bias=false" : "") + ")";
    }
}
