package org.sevensteps.engine.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void broadcastingAlignsOnTheRight() {
        assertArrayEquals(new int[] {4, 2, 3}, Shape.broadcast(new int[] {4, 1, 3}, new int[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> Shape.broadcast(new int[] {2, 3}, new int[] {4}));
    }

    @Test
    void broadcastIndexRepeatsTheSmallerOperand() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, Shape.broadcastIndex(new int[] {3}, new int[] {2, 3}));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, Shape.broadcastIndex(new int[] {2, 1}, new int[] {2, 3}));
    }

    @Test
    void minusOneIsInferred() {
        assertArrayEquals(new int[] {64, 784}, Shape.infer(64 * 784, 64, -1));
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int i = 0; i < 10; i++) assertEquals(a.normal(), b.normal());
        float[] u = new float[10000];
        new Rng(1).fillNormal(u);
        double mean = 0, var = 0;
        for (float v : u) mean += v / u.length;
        for (float v : u) var += (v - mean) * (v - mean) / u.length;
        assertEquals(0, mean, 0.05);
        assertEquals(1, var, 0.05);
    }
}
