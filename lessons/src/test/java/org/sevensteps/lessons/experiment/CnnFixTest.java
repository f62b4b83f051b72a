package org.sevensteps.lessons.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;
import org.sevensteps.lessons.TestData;
import org.sevensteps.lessons.spec.Model;
import org.sevensteps.lessons.spec.RunSpec;

class CnnFixTest {

    @Test
    void theFixedCnnDropsOnlyTheReluBeforeThePoolingAndStartsFromTheSameWeights() {
        RunSpec spec = RunSpec.defaults(Model.CNN).withSeed(3);
        Setup source = TenDigits.cnn(TestData.mnist(), spec, new Rng(3));
        Setup fixed = TenDigits.cnnFixed(TestData.mnist(), spec, new Rng(3));
        String a = source.model().toString(), b = fixed.model().toString();
        assertTrue(a.contains("ReLU, AvgPool2d") || a.matches("(?s).*ReLU\\W+AvgPool2d.*"), a);
        assertFalse(b.matches("(?s).*ReLU\\W+AvgPool2d.*"), b);
        for (int i = 0; i < source.model().parameters().size(); i++) {
            assertArrayEquals(source.model().parameters().get(i).data(), fixed.model().parameters().get(i).data());
        }
        Tensor scores = fixed.model().forward(Tensor.of(TestData.mnist().test().image(0), 1, 1, 28, 28));
        assertArrayEquals(new int[] {1, 10}, scores.shape());
    }
}
