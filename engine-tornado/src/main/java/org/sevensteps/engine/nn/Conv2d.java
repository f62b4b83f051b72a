package org.sevensteps.engine.nn;

import java.util.List;
import org.sevensteps.engine.autograd.NnOps;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/**
 * 2-d convolution: (B,in,H,W) into (B,out,OH,OW), OH = (H + 2 padding - kernel) / stride + 1.
 * Weight (out,in,kernel,kernel), bias (out).
 */
public final class Conv2d implements Module {
    private final Tensor weight;
    private final Tensor bias;
    private final int stride;
    private final int padding;

    /** A square-kernel convolution with bias, initialised like PyTorch's {@code nn.Conv2d}. */
    public Conv2d(int in, int out, int kernel, int stride, int padding, Rng rng) {
        int fanIn = in * kernel * kernel;
        this.weight = Init.uniformFanIn(rng, fanIn, out, in, kernel, kernel);
        this.bias = Init.uniformFanIn(rng, fanIn, out);
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor x) {
        return NnOps.conv2d(x, weight, bias, stride, padding);
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(weight, bias);
    }

    /** The weight, (out,in,kernel,kernel). */
    public Tensor weight() {
        return weight;
    }

    /** The bias, (out). */
    public Tensor bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Conv2d(" + weight.size(1) + ", " + weight.size(0) + ", kernel=" + weight.size(2)
                + ", stride=" + stride + ", padding=" + padding + ")";
    }
}
