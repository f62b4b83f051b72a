package org.sevensteps.engine.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.sevensteps.engine.autograd.GradCheck;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

class LayersTest {
    private final Rng rng = new Rng(3);

    @Test
    void convolutionsWithStrideTwoHalveTheImage28To14To7To4() {
        Module cnn = new Sequential(
                new Conv2d(1, 16, 3, 2, 1, rng), new ReLU(),
                new Conv2d(16, 16, 3, 2, 1, rng), new ReLU(),
                new Conv2d(16, 10, 3, 2, 1, rng));
        Tensor y = cnn.forward(Tensor.zeros(2, 1, 28, 28));
        assertArrayEquals(new int[] {2, 10, 4, 4}, y.shape());
        Tensor logits = new Sequential(new AvgPool2d(4), new Flatten()).forward(y);
        assertArrayEquals(new int[] {2, 10}, logits.shape());
    }

    @Test
    void linearIsInitialisedUniformlyWithinOneOverRootFanIn() {
        Linear l = new Linear(784, 50, rng);
        float bound = (float) (1 / Math.sqrt(784));
        float max = 0;
        for (float w : l.weight().data()) max = Math.max(max, Math.abs(w));
        for (float b : l.bias().data()) assertTrue(Math.abs(b) <= bound);
        assertTrue(max <= bound && max > 0.9f * bound, "max |w| " + max);
        assertEquals(784 * 50 + 50, l.parameterCount());
    }

    @Test
    void theSameSeedBuildsTheSameModel() {
        assertArrayEquals(new Linear(10, 3, new Rng(5)).weight().data(), new Linear(10, 3, new Rng(5)).weight().data());
    }

    @Test
    void layerGradientsMatchFiniteDifferences() {
        Linear lin = new Linear(5, 4, rng);
        Sequential mlp = new Sequential(lin, new Sigmoid(), new Linear(4, 3, rng), new ReLU());
        Tensor x = Tensor.randn(rng, 6, 5).requiresGrad(true);
        Tensor[] inputs = {x, mlp.parameters().get(0), mlp.parameters().get(1), mlp.parameters().get(2), mlp.parameters().get(3)};
        assertTrue(GradCheck.maxError(t -> mlp.forward(t[0]), 1e-3, inputs) < 5e-3);

        Conv2d conv = new Conv2d(2, 3, 3, 2, 1, rng);
        Sequential cnn = new Sequential(conv, new AvgPool2d(2), new Flatten());
        Tensor img = Tensor.randn(rng, 2, 2, 8, 8).requiresGrad(true);
        assertTrue(GradCheck.maxError(t -> cnn.forward(t[0]), 1e-3, img, conv.weight(), conv.bias()) < 5e-3);
    }
}
