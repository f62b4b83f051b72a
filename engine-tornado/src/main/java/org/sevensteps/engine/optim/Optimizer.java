package org.sevensteps.engine.optim;

import java.util.List;
import org.sevensteps.engine.tensor.Tensor;

/**
 * Owns the parameter list, {@link #zeroGrad()} and {@link #step()}; a subclass writes only the update
 * of one parameter. Parameters without a gradient are skipped, as in PyTorch.
 */
public abstract class Optimizer {
    protected final List<Tensor> params;
    protected float lr;
    private int steps;
    // The parameters' arrays, taken once: step() must not pull values back from a device that holds
    // newer ones (Tensor.data() would), since on a device the update itself runs there.
    private final float[][] values;

    protected Optimizer(List<Tensor> params, float lr) {
        if (params.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        for (Tensor p : params)
            if (!p.requiresGrad()) throw new IllegalArgumentException("optimizer got a tensor that does not require grad");
        this.params = List.copyOf(params);
        this.lr = lr;
        this.values = new float[params.size()][];
        for (int i = 0; i < values.length; i++) values[i] = params.get(i).data();
    }

    /**
     * Applies one update to every parameter that has a gradient, through the current backend's
     * {@link org.sevensteps.engine.backend.Backend#sgd sgd} or {@code adam}: on a device, there.
     */
    public final void step() {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.hasGrad()) update(i, values[i], p.gradBuffer(), steps);
        }
    }

    /** Sets every parameter's gradient to zero. */
    public final void zeroGrad() {
        for (Tensor p : params) p.zeroGrad();
    }

    /**
     * Updates parameter number {@code index} in place.
     *
     * @param p the values, changed in place
     * @param grad dLoss/dp
     * @param step 1 on the first call of {@link #step()}
     */
    protected abstract void update(int index, float[] p, float[] grad, int step);

    /** The learning rate. */
    public float lr() {
        return lr;
    }

    /** Changes the learning rate (for schedules). */
    public void setLr(float lr) {
        this.lr = lr;
    }

    /** The parameters, in order. */
    public List<Tensor> params() {
        return params;
    }
}
