package org.sevensteps.engine.optim;

import java.util.List;
import org.sevensteps.engine.backend.Backends;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Adam (Kingma and Ba 2014, https://arxiv.org/abs/1412.6980) with PyTorch's defaults:
 * betas (0.9, 0.999), eps 1e-8, no weight decay, bias correction.
 */
public final class Adam extends Optimizer {
    private final float beta1, beta2, eps, weightDecay;
    private final float[][] m, v;

    /** Adam with PyTorch's defaults and the given learning rate (PyTorch's default is 1e-3). */
    public Adam(List<Tensor> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 0f);
    }

    public Adam(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(params, lr);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[params.get(i).numel()];
            v[i] = new float[params.get(i).numel()];
        }
    }

    @Override
    protected void update(int index, float[] p, float[] grad, int step) {
        float bc1 = (float) (1 - Math.pow(beta1, step));
        float bc2 = (float) (1 - Math.pow(beta2, step));
        Backends.current().adam(p, m[index], v[index], grad, lr, beta1, beta2, eps, weightDecay, bc1, bc2, p.length);
    }
}
