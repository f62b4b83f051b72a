package org.sevensteps.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BuffersTest {
    private static final int N = Buffers.MIN_FLOATS * 2;

    @Test
    void aRecycledBufferComesBackZeroed() {
        float[] a = Buffers.zeros(N);
        Arrays.fill(a, 7f);
        Buffers.recycle(a);
        float[] b = Buffers.zeros(N);
        assertSame(a, b);
        assertArrayEquals(new float[N], b);
    }

    @Test
    void aBufferGivenBackTwiceIsHandedOutOnce() {
        float[] a = Buffers.zeros(N);
        Buffers.recycle(a);
        Buffers.recycle(a);
        float[] first = Buffers.zeros(N), second = Buffers.zeros(N);
        assertNotSame(first, second);
    }

    @Test
    void smallBuffersAreNotKept() {
        float[] a = new float[16];
        Buffers.recycle(a);
        assertNotSame(a, Buffers.zeros(16));
    }

    @Test
    void intermediateGradientsAreRecycledButLeafGradientsAreKept() {
        Tensor w = Tensor.uniform(new Rng(1), -1f, 1f, N).requiresGrad(true);
        Tensor hidden = w.mul(2f);
        hidden.relu().sum().backward();
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) expected[i] = w.data()[i] > 0 ? 2f : 0f;
        assertArrayEquals(expected, w.grad().data());
        // the hidden tensors' gradients went back; a new buffer of that size must not be w's gradient
        float[] reused = Buffers.zeros(N);
        assertNotSame(w.grad().data(), reused);
        assertArrayEquals(new float[N], reused);
        assertArrayEquals(expected, w.grad().data());
    }
}
