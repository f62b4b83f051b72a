package org.sevensteps.lessons.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sevensteps.lessons.playground.LossPlayground.Kind;

class PlaygroundTest {

    @Test
    void theWorkedExampleOfTheSourceGivesAMnistLossOf0_4333() {
        LossPlayground.Reading r = LossPlayground.read(Kind.MNIST, LossPlayground.EXAMPLE);
        assertEquals(0.4333f, r.value(), 1e-4);
        // d/dp of mean(1-p, p, 1-p) is (-1/3, 1/3, -1/3)
        assertArrayEquals(new float[] {-1 / 3f, 1 / 3f, -1 / 3f}, r.slopes(), 1e-6f);
        assertEquals(0.27f, LossPlayground.read(Kind.MSE, LossPlayground.EXAMPLE).value(), 1e-5);
        assertEquals(0.2333f, LossPlayground.read(Kind.MNIST, new float[] {0.9f, 0.4f, 0.8f}).value(), 1e-4);
        assertEquals(2 / 3f, LossPlayground.accuracy(LossPlayground.EXAMPLE), 1e-6);
    }

    @Test
    void accuracyIsFlatWhereTheLossSlopes() {
        float[][] sweep = LossPlayground.sweep(LossPlayground.EXAMPLE, 2, 11);
        assertEquals(sweep[4][0], sweep[4][4]);      // error rate unchanged from 0 to 0.4
        assertTrue(sweep[1][0] > sweep[1][4]);        // the loss fell over the same range
    }

    @Test
    void sigmoidAndCrossEntropyMatchTheirDefinitions() {
        LossPlayground.Reading s = LossPlayground.sigmoidAt(0f);
        assertEquals(0.5f, s.value(), 1e-7);
        assertEquals(0.25f, s.slopes()[0], 1e-7);
        LossPlayground.CrossEntropy ce = LossPlayground.crossEntropy(new float[] {100, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0);
        assertEquals(Float.POSITIVE_INFINITY, ce.naiveLogSumExp());
        assertEquals(100f, ce.trickLogSumExp(), 1e-3);
        assertEquals(0f, ce.loss(), 1e-5);
    }

    @Test
    void autogradGivesTheSlopesOfTheSource() {
        assertEquals(6f, GradientPlayground.slopeOfSquare(3f).slope());
        assertArrayEquals(new float[] {6, 8, 20}, GradientPlayground.gradOfSumOfSquares(new float[] {3, 4, 10}));
        assertEquals(6.0, GradientPlayground.numericSlopeOfSquare(3f, 1e-2f), 1e-3);

        GradientPlayground.Accumulator acc = new GradientPlayground.Accumulator(new float[] {3, 4, 10});
        acc.backward();
        acc.backward();
        assertArrayEquals(new float[] {12, 16, 40}, acc.grad());
        acc.zeroGrad();
        assertArrayEquals(new float[] {0, 0, 0}, acc.grad());
        assertThrows(IllegalStateException.class, acc::backwardUnderNoGrad);
    }

    @Test
    void theGraphCarriesValuesAndGradientsOnEveryNode() {
        List<GradientPlayground.Node> nodes = GradientPlayground.graph(2, -3, 10);
        assertEquals(6, nodes.size());
        GradientPlayground.Node out = nodes.get(nodes.size() - 1);
        assertEquals("L", out.name());
        assertEquals(16f, out.value());
        assertEquals(1f, out.grad());
        float gradA = nodes.stream().filter(n -> n.name().equals("a")).findFirst().orElseThrow().grad();
        assertEquals(-24f, gradA); // dL/da = 2(ab + c)·b = 2·4·(-3)
    }

    @Test
    void backpropByHandAgreesWithAutograd() {
        GradientPlayground.HandCheck check = GradientPlayground.backpropByHand(7);
        for (float d : check.maxDiff()) assertTrue(d < 1e-4, "by hand vs autograd: " + d);
    }

    @Test
    void sgdLowersTheRollerCoasterLossAtTheRightRateAndBlowsUpAtALargeOne() {
        float[] right = RollerCoaster.lossCurve(42, 1e-5f, 20);
        float[] small = RollerCoaster.lossCurve(42, 1e-7f, 20);
        float[] large = RollerCoaster.lossCurve(42, 1e-3f, 20);
        assertTrue(right[20] < right[0] / 2, "the loss falls at lr 1e-5");
        assertTrue(small[20] > right[20] && small[20] < small[0], "at 1e-7 it falls, slowly");
        assertTrue(large[20] > large[0] * 1000 || !Float.isFinite(large[20]), "at 1e-3 it diverges");

        RollerCoaster ride = new RollerCoaster(42);
        float[] speeds = new RollerCoaster(42).speeds();
        assertArrayEquals(speeds, ride.speeds()); // same seed, same measurements
        RollerCoaster.Step first = ride.applyStep(1e-5f);
        assertEquals(1, first.number());
        assertTrue(ride.loss() < first.loss());
    }
}
