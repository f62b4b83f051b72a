package org.sevensteps.engine.nn;

import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

/** PyTorch's default initialisation of Linear and Conv2d. */
final class Init {
    private Init() {}

    /**
     * U(-1/√fanIn, 1/√fanIn): what kaiming_uniform with a = √5 works out to for the weight, and the
     * bound PyTorch also uses for the bias. Returned as a leaf that requires grad.
     */
    static Tensor uniformFanIn(Rng rng, int fanIn, int... shape) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return Tensor.uniform(rng, -bound, bound, shape).requiresGrad(true);
    }
}
