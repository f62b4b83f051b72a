package org.sevensteps.engine.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sevensteps.engine.tensor.Tensor;

class OptimizersTest {

    @Test
    void plainSgdSubtractsLearningRateTimesGradient() {
        Tensor p = Tensor.vector(1f, 2f).requiresGrad(true);
        p.square().sum().backward(); // grad = 2p = [2, 4]
        Sgd sgd = new Sgd(List.of(p), 0.1f);
        sgd.step();
        assertArrayEquals(new float[] {0.8f, 1.6f}, p.data(), 1e-7f);
        sgd.zeroGrad();
        assertArrayEquals(new float[] {0f, 0f}, p.grad().data());
    }

    @Test
    void sgdMomentumKeepsAVelocity() {
        Tensor p = Tensor.vector(0f).requiresGrad(true);
        Sgd sgd = new Sgd(List.of(p), 1f, 0.9f, 0f);
        p.gradBuffer()[0] = 1f;
        sgd.step(); // buf = 1, p = -1
        sgd.step(); // buf = 0.9 + 1 = 1.9, p = -2.9
        assertEquals(-2.9f, p.data()[0], 1e-6f);
    }

    @Test
    void adamTwoStepsMatchHandComputedValues() {
        Tensor p = Tensor.vector(1f).requiresGrad(true);
        Adam adam = new Adam(List.of(p), 0.1f);
        p.gradBuffer()[0] = 0.5f;
        adam.step();
        // m = 0.05, v = 0.00025; bias corrected: 0.5 and 0.25, so the step is lr * 0.5 / 0.5 = lr
        assertEquals(0.9f, p.data()[0], 1e-6f);
        p.gradBuffer()[0] = -1f;
        adam.step();
        double m = 0.9 * 0.05 + 0.1 * -1, v = 0.999 * 0.00025 + 0.001 * 1;
        double mHat = m / (1 - 0.81), vHat = v / (1 - 0.999 * 0.999);
        assertEquals(0.9 - 0.1 * mHat / (Math.sqrt(vHat) + 1e-8), p.data()[0], 1e-6);
    }

    @Test
    void parametersWithoutGradientsAreSkipped() {
        Tensor p = Tensor.vector(1f).requiresGrad(true);
        new Adam(List.of(p), 0.1f).step();
        assertEquals(1f, p.data()[0]);
    }
}
