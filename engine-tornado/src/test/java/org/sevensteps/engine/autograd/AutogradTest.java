package org.sevensteps.engine.autograd;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.sevensteps.engine.tensor.Tensor;

class AutogradTest {

    @Test
    void sumOfSquaresHasGradientTwoX() {
        Tensor x = Tensor.vector(3f, 4f, 10f).requiresGrad(true);
        Tensor loss = x.pow(2).sum();
        loss.backward();
        assertEquals(125f, loss.item());
        assertArrayEquals(new float[] {6f, 8f, 20f}, x.grad().data());
    }

    @Test
    void mnistLossWorkedExampleIsPointFourThreeThree() {
        Tensor targets = Tensor.vector(1f, 0f, 1f);
        Tensor predictions = Tensor.vector(0.9f, 0.4f, 0.2f);
        Tensor loss = Ops.where(targets.eq(1f), predictions.rsub(1f), predictions).mean();
        assertEquals(0.4333f, loss.item(), 1e-4f);
    }

    @Test
    void gradientsAccumulateUntilZeroGrad() {
        Tensor x = Tensor.vector(1f, 2f).requiresGrad(true);
        x.mul(3f).sum().backward();
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {6f, 6f}, x.grad().data());
        x.zeroGrad();
        assertArrayEquals(new float[] {0f, 0f}, x.grad().data());
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[] {3f, 3f}, x.grad().data());
    }

    @Test
    void noGradScopeRecordsNoGraph() {
        Tensor x = Tensor.vector(1f, 2f).requiresGrad(true);
        Tensor y;
        try (NoGrad off = NoGrad.scope()) {
            y = x.mul(2f);
            assertFalse(NoGrad.isGradEnabled());
        }
        assertTrue(NoGrad.isGradEnabled());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertTrue(x.mul(2f).requiresGrad());
    }

    @Test
    void backwardOfANonScalarWithoutGradientIsAClearError() {
        Tensor x = Tensor.vector(1f, 2f).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2f).backward());
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void backwardOfANonScalarWithAGradientWorks() {
        Tensor x = Tensor.vector(1f, 2f).requiresGrad(true);
        x.mul(2f).backward(Tensor.vector(1f, 10f));
        assertArrayEquals(new float[] {2f, 20f}, x.grad().data());
    }

    @Test
    void nonLeafGradientsAreDroppedUnlessRetained() {
        Tensor x = Tensor.vector(1f, 2f).requiresGrad(true);
        Tensor h = x.mul(2f);
        Tensor kept = x.mul(3f).retainGrad();
        h.add(kept).sum().backward();
        assertFalse(h.isLeaf());
        assertNull(h.grad());
        assertArrayEquals(new float[] {1f, 1f}, kept.grad().data());
        assertArrayEquals(new float[] {5f, 5f}, x.grad().data());
    }

    @Test
    void backwardTwiceThroughTheSameGraphIsAnError() {
        Tensor x = Tensor.vector(1f, 2f).requiresGrad(true);
        Tensor loss = x.square().sum();
        loss.backward();
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void backwardOnATensorThatNeedsNoGradIsAnError() {
        assertThrows(IllegalStateException.class, () -> Tensor.vector(1f, 2f).sum().backward());
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        Tensor a = Tensor.scalar(3f).requiresGrad(true);
        a.mul(a).add(a).backward(); // d/da (a² + a) = 2a + 1
        assertEquals(7f, a.grad().item());
    }

    @Test
    void broadcastingSumsTheGradientOverStretchedDimensions() {
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor row = Tensor.vector(10f, 20f, 30f).requiresGrad(true);
        Tensor out = m.add(row);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, out.data());
        out.sum().backward();
        assertArrayEquals(new float[] {2f, 2f, 2f}, row.grad().data());
    }

    @Test
    void opsRecordTheirNameForDebugging() {
        Tensor x = Tensor.vector(1f).requiresGrad(true);
        assertEquals("sigmoid", x.sigmoid().op());
        assertEquals("leaf", x.op());
    }

    @Test
    void comparisonsAndArgmaxGiveZeroOneFloatsWithoutGrad() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 7, 0, 3}, 2, 3).requiresGrad(true);
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1}, x.gt(2f).data());
        assertFalse(x.gt(2f).requiresGrad());
        assertArrayEquals(new float[] {1, 0}, x.argmax(1).data());
        assertArrayEquals(new float[] {1, 0, 1}, x.argmax(0).data());
    }

    @Test
    void stackCatAndRowsArrangeValues() {
        Tensor a = Tensor.vector(1, 2), b = Tensor.vector(3, 4);
        assertArrayEquals(new float[] {1, 2, 3, 4}, Ops.stack(java.util.List.of(a, b), 0).data());
        assertArrayEquals(new float[] {1, 3, 2, 4}, Ops.stack(java.util.List.of(a, b), 1).data());
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertArrayEquals(new float[] {5, 6, 1, 2}, m.rows(2, 0).data());
        assertArrayEquals(new int[] {2, 2}, m.rows(2, 0).shape());
    }
}
