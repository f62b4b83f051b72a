package org.sevensteps.engine.optim;

import java.util.List;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum and weight decay (PyTorch's form). The plain
 * step of the lessons, {@code p -= lr * grad}, is the case momentum = 0, weight decay = 0.
 */
public final class Sgd extends Optimizer {
    private final float momentum;
    private final float weightDecay;
    private final float[][] buffers;

    /** Plain SGD: p -= lr * grad. */
    public Sgd(List<Tensor> params, float lr) {
        this(params, lr, 0f, 0f);
    }

    public Sgd(List<Tensor> params, float lr, float momentum, float weightDecay) {
        super(params, lr);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.buffers = new float[params.size()][];
        if (momentum != 0f) for (int i = 0; i < buffers.length; i++) buffers[i] = new float[params.get(i).numel()];
    }

    @Override
    protected void update(int index, float[] p, float[] grad, int step) {
        Backends.current().sgd(p, buffers[index], grad, lr, momentum, weightDecay, step == 1, p.length);
    }
}
