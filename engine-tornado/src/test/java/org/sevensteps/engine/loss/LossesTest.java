package org.sevensteps.engine.loss;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.sevensteps.engine.autograd.GradCheck;
import org.sevensteps.engine.tensor.Rng;
import org.sevensteps.engine.tensor.Tensor;

class LossesTest {

    @Test
    void mseAndL1AverageTheErrors() {
        Tensor p = Tensor.vector(1f, 2f, 3f), t = Tensor.vector(1f, 4f, 0f);
        assertEquals((0 + 4 + 9) / 3f, Losses.mse(p, t).item(), 1e-6);
        assertEquals((0 + 2 + 3) / 3f, Losses.l1(p, t).item(), 1e-6);
    }

    @Test
    void mnistLossSquashesScoresWithSigmoidFirst() {
        Tensor scores = Tensor.of(new float[] {2f, -1f, 0f}, 3, 1);
        Tensor targets = Tensor.of(new float[] {1f, 0f, 1f}, 3, 1);
        double s0 = 1 / (1 + Math.exp(-2)), s1 = 1 / (1 + Math.exp(1)), s2 = 0.5;
        assertEquals((1 - s0 + s1 + 1 - s2) / 3, Losses.mnistLoss(scores, targets).item(), 1e-6);
        Tensor w = Tensor.randn(new Rng(1), 3, 1).requiresGrad(true);
        assertTrue(GradCheck.maxError(x -> Losses.mnistLoss(x[0], targets), 1e-3, w) < 5e-3);
    }

    @Test
    void fusedCrossEntropyEqualsNllOfLogSoftmax() {
        Tensor logits = Tensor.randn(new Rng(2), 4, 10).mul(3f).detach().requiresGrad(true);
        Tensor targets = Tensor.vector(3f, 0f, 9f, 3f);
        Tensor fused = Losses.crossEntropy(logits, targets);
        fused.backward();
        float[] fusedGrad = logits.grad().data().clone();
        logits.zeroGrad();
        Tensor twoStep = Losses.nll(Losses.logSoftmax(logits), targets);
        twoStep.backward();
        assertEquals(twoStep.item(), fused.item(), 1e-5);
        assertArrayEquals(logits.grad().data(), fusedGrad, 1e-6f);
    }

    @Test
    void logSoftmaxIsStableForLargeScores() {
        Tensor out = Losses.logSoftmax(Tensor.of(new float[] {1000f, 1000f}, 1, 2));
        assertArrayEquals(new float[] {(float) -Math.log(2), (float) -Math.log(2)}, out.data(), 1e-6f);
    }

    @Test
    void accuracyCountsArgmaxHitsAndBatchAccuracyThresholdsAtHalf() {
        Tensor scores = Tensor.of(new float[] {0.1f, 0.9f, 0.8f, 0.2f}, 2, 2);
        assertEquals(0.5, Metrics.accuracy(scores, Tensor.vector(1f, 1f)));
        assertEquals(2 / 3.0, Metrics.batchAccuracy(Tensor.vector(2f, -1f, 0.5f), Tensor.vector(1f, 1f, 1f)), 1e-9);
    }
}
